//! Reading one CSV file of an ERP export: which encoding (UTF-8 or
//! Windows-1252) and which separator (`;` or `,`), then its records with
//! their line numbers and columns looked up by header name.

use encoding_rs::WINDOWS_1252;
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// An open CSV file, positioned after its header line.
pub struct Source {
    pub encoding: Encoding,
    pub separator: char,
    pub size: u64,
    columns: HashMap<String, usize>,
    reader: csv::Reader<Box<dyn Read + Send>>,
}

/// One record and the line it starts on (1 = the header).
pub struct Record {
    pub line: u64,
    fields: csv::StringRecord,
}

impl Source {
    /// Opens `path`; the error is the French reason the whole file is refused.
    pub fn open(path: &Path) -> Result<Source, String> {
        let size = std::fs::metadata(path)
            .map_err(|e| format!("illisible ({e})"))?
            .len();
        let encoding = detect_encoding(path)?;
        let first_line = first_line(path, encoding)?;
        let separator = if first_line.matches(',').count() > first_line.matches(';').count() {
            ','
        } else {
            ';'
        };
        let file = File::open(path).map_err(|e| format!("illisible ({e})"))?;
        let input: Box<dyn Read + Send> = match encoding {
            // The BOM, if any, is dropped by the decoder in both cases.
            Encoding::Utf8 => Box::new(DecodeReaderBytesBuilder::new().build(BufReader::new(file))),
            Encoding::Windows1252 => Box::new(
                DecodeReaderBytesBuilder::new()
                    .encoding(Some(WINDOWS_1252))
                    .build(BufReader::new(file)),
            ),
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator as u8)
            .flexible(true)
            .has_headers(true)
            .from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| format!("en-tête illisible ({e})"))?;
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_lowercase(), i))
            .collect();
        Ok(Source {
            encoding,
            separator,
            size,
            columns,
            reader,
        })
    }

    /// Whether the header names `column` (optional columns may be absent).
    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The columns this file lacks among `wanted`.
    pub fn missing_columns(&self, wanted: &[&str]) -> Vec<String> {
        wanted
            .iter()
            .filter(|c| !self.columns.contains_key(**c))
            .map(|c| c.to_string())
            .collect()
    }

    /// The next record, or a French reason for an unreadable line.
    pub fn next(&mut self) -> Option<Result<Record, (u64, String)>> {
        let mut fields = csv::StringRecord::new();
        match self.reader.read_record(&mut fields) {
            Ok(false) => None,
            Ok(true) => {
                let line = fields.position().map(|p| p.line()).unwrap_or(0);
                Some(Ok(Record { line, fields }))
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                Some(Err((line, format!("ligne illisible ({e})"))))
            }
        }
    }

    /// Bytes read so far (for the progress bar).
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The value of `column` in `record`, trimmed ("" when the row is short).
    pub fn get<'r>(&self, record: &'r Record, column: &str) -> &'r str {
        self.columns
            .get(column)
            .and_then(|i| record.fields.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// Whether the row has fewer fields than the header.
    pub fn short(&self, record: &Record) -> bool {
        record.fields.len() < self.columns.len()
    }
}

/// UTF-8 when every byte sequence of the file is valid UTF-8, Windows-1252
/// otherwise (what French ERPs write when they do not write UTF-8). UTF-16
/// and binary files are refused: NUL bytes appear in neither.
fn detect_encoding(path: &Path) -> Result<Encoding, String> {
    let mut file = BufReader::new(File::open(path).map_err(|e| format!("illisible ({e})"))?);
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = Vec::new();
    let mut utf8 = true;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| format!("illisible ({e})"))?;
        if n == 0 {
            break;
        }
        if buf[..n].contains(&0) {
            return Err("encodage non reconnu (UTF-8 ou Windows-1252 attendu)".into());
        }
        if !utf8 {
            continue;
        }
        carry.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&carry) {
            Ok(_) => carry.clear(),
            // A character cut by the chunk's end: keep its start for the next chunk.
            Err(e) if e.error_len().is_none() => {
                carry.drain(..e.valid_up_to());
            }
            Err(_) => utf8 = false,
        }
    }
    Ok(if utf8 && carry.is_empty() {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    })
}

fn first_line(path: &Path, encoding: Encoding) -> Result<String, String> {
    let mut head = vec![0u8; 4096];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("illisible ({e})"))?;
    head.truncate(n);
    let text = match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(&head).into_owned(),
        Encoding::Windows1252 => WINDOWS_1252.decode(&head).0.into_owned(),
    };
    let line = text.lines().next().unwrap_or("").to_string();
    if line.trim().is_empty() {
        return Err("fichier vide (la première ligne doit nommer les colonnes)".into());
    }
    Ok(line)
}
