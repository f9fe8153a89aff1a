//! PDF documents (relevé de compte, quittance, notices…) with krilla: fonts
//! embedded (subset) so accents render everywhere and text can be copied or
//! read back (pdftotext). Content is laid out first as a list of drawing
//! operations per A4 page, with automatic page breaks, then rendered.

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use std::sync::LazyLock;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
static FONTS: LazyLock<Option<(Font, Font)>> = LazyLock::new(|| {
    Some((
        Font::new(REGULAR.to_vec().into(), 0)?,
        Font::new(BOLD.to_vec().into(), 0)?,
    ))
});

pub const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 50.0;
const BOTTOM: f32 = HEIGHT - 60.0;

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A PNG (the landlord's logo), its top-left corner at (x, y).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: Vec<u8>,
    },
}

/// The letterhead logo's height, in points (about 1.5 cm).
const LOGO_HEIGHT: f32 = 42.0;

pub struct Pdf {
    title: String,
    pages: Vec<Vec<Op>>,
    /// Baseline of the next line on the current page (from the top).
    pub y: f32,
}

/// Width of `text` in DejaVu Sans: digits and the euro sign are 0.636 em,
/// spaces and punctuation 0.318 em; enough to right-align amounts.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let em: f32 = text
        .chars()
        .map(|c| match c {
            '0'..='9' | '€' => 0.636,
            ' ' | '\u{a0}' | ',' | '.' | ':' | ';' | '/' | '-' => 0.33,
            'A'..='Z' => 0.70,
            _ => 0.60,
        })
        .sum();
    em * size * if bold { 1.08 } else { 1.0 }
}

/// Draws a thin black outline, then goes back to filling text.
fn stroke(surface: &mut krilla::surface::Surface<'_>, pb: PathBuilder) {
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            width: 0.6,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(Default::default()));
    }
}

impl Pdf {
    pub fn new(title: &str) -> Self {
        Pdf {
            title: title.to_string(),
            pages: vec![Vec::new()],
            y: MARGIN + 10.0,
        }
    }

    fn page(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page always exists")
    }

    /// Starts a new page when fewer than `height` points remain.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.pages.push(Vec::new());
            self.y = MARGIN + 10.0;
        }
    }

    pub fn down(&mut self, dy: f32) {
        self.y += dy;
        self.ensure(0.0);
    }

    pub fn text_at(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let y = self.y;
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            text: text.to_string(),
        });
    }

    /// Text ending at `right`.
    pub fn right_at(&mut self, right: f32, size: f32, bold: bool, text: &str) {
        self.text_at(right - text_width(text, size, bold), size, bold, text);
    }

    /// One line of text at the margin, then down.
    pub fn line(&mut self, size: f32, bold: bool, text: &str) {
        self.ensure(size * 1.5);
        self.text_at(MARGIN, size, bold, text);
        self.down(size * 1.5);
    }

    /// Words wrapped to the page's width.
    pub fn paragraph(&mut self, size: f32, text: &str) {
        let max = WIDTH - 2.0 * MARGIN;
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if text_width(&candidate, size, false) > max && !current.is_empty() {
                self.line(size, false, &current);
                current = word.to_string();
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            self.line(size, false, &current);
        }
    }

    pub fn rule(&mut self) {
        let y = self.y - 4.0;
        self.page().push(Op::Line {
            x1: MARGIN,
            y1: y,
            x2: WIDTH - MARGIN,
            y2: y,
        });
        self.down(8.0);
    }

    /// Labelled amounts, a rule, and their total in bold.
    pub fn amounts(&mut self, lines: &[(String, i64)], total_label: &str) {
        let money = |c: i64| crate::domain::Money::from_cents(c).to_string();
        for (label, cents) in lines {
            self.ensure(15.0);
            self.text_at(MARGIN, 10.0, false, label);
            self.right_at(WIDTH - MARGIN, 10.0, false, &money(*cents));
            self.down(15.0);
        }
        self.rule();
        self.text_at(MARGIN, 11.0, true, total_label);
        self.right_at(
            WIDTH - MARGIN,
            11.0,
            true,
            &money(lines.iter().map(|(_, c)| c).sum()),
        );
        self.down(28.0);
    }

    /// An empty framed zone (for a signature), `height` high.
    pub fn frame(&mut self, x: f32, w: f32, height: f32) {
        self.ensure(height);
        let y = self.y;
        self.page().push(Op::Frame { x, y, w, h: height });
    }

    /// The landlord's logo in the top-right corner of the page, beside the
    /// letterhead's text (the text's position does not move). A PNG that
    /// cannot be read is left out: the name stays.
    pub fn logo(&mut self, png: &[u8]) {
        let Ok(image) = krilla::image::Image::from_png(png.to_vec().into(), true) else {
            return;
        };
        let (pw, ph) = image.size();
        if pw == 0 || ph == 0 {
            return;
        }
        let w = (LOGO_HEIGHT * pw as f32 / ph as f32).min(160.0);
        let h = w * ph as f32 / pw as f32;
        let (x, y) = (WIDTH - MARGIN - w, MARGIN - 20.0);
        let png = png.to_vec();
        self.page().push(Op::Image { x, y, w, h, png });
    }

    pub fn finish(self) -> Result<Vec<u8>, String> {
        let (regular, bold) = FONTS.clone().ok_or("police illisible")?;
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .language("fr-FR".into())
                .creator("Espace Locataire".into()),
        );
        let count = self.pages.len();
        for (n, ops) in self.pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("format de page")?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            let footer = format!("Page {} / {count}", n + 1);
            let footer_op = Op::Text {
                x: WIDTH - MARGIN - text_width(&footer, 8.0, false),
                y: HEIGHT - 30.0,
                size: 8.0,
                bold: false,
                text: footer,
            };
            surface.set_stroke(Some(Stroke {
                width: 0.6,
                ..Default::default()
            }));
            // Text is filled black; the surface starts without a fill.
            surface.set_fill(Some(Default::default()));
            for op in ops.iter().chain(std::iter::once(&footer_op)) {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        bold: b,
                        text,
                    } => {
                        let font = if *b { bold.clone() } else { regular.clone() };
                        surface.draw_text(
                            Point::from_xy(*x, *y),
                            font,
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Op::Line { x1, y1, x2, y2 } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(*x1, *y1);
                        pb.line_to(*x2, *y2);
                        stroke(&mut surface, pb);
                    }
                    Op::Frame { x, y, w, h } => {
                        let mut pb = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                            pb.push_rect(rect);
                        }
                        stroke(&mut surface, pb);
                    }
                    Op::Image { x, y, w, h, png } => {
                        let image = krilla::image::Image::from_png(png.clone().into(), true);
                        if let (Ok(image), Some(size)) =
                            (image, krilla::geom::Size::from_wh(*w, *h))
                        {
                            surface
                                .push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                            surface.draw_image(image, size);
                            surface.pop();
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| format!("{e:?}"))
    }
}
