//! Reads a `multipart/form-data` post as it arrives (multer, the parser axum
//! itself uses): text fields into a map, files checked against the limits and
//! their content, each accepted file stored at once under a random name. A
//! refused file is read to its end and dropped, so that the browser gets the
//! page with the French message instead of a broken connection; past a hard
//! ceiling the rest is not read at all. Text fields are capped in number and
//! in size (each and in all): the forms have about a dozen short fields.
use super::{FileKind, Limits, Refusal, Storage, display_name};
use crate::error::AppError;
use std::collections::BTreeMap;

/// A stored file of the request.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The form field it came in (`fichier1`…).
    pub field: String,
    pub display_name: String,
    pub kind: FileKind,
    pub stored_name: String,
    pub size: u64,
}

#[derive(Debug, Default)]
pub struct Received {
    pub fields: BTreeMap<String, String>,
    pub files: Vec<Upload>,
    /// Field name → French refusal.
    pub refusals: BTreeMap<String, String>,
    /// The post itself could not be read to its end (too big, cut off).
    pub general: Option<String>,
}

impl Received {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    /// Removes the stored files: the request they came with was not recorded.
    pub async fn discard(&self, storage: &Storage) {
        for f in &self.files {
            if let Err(e) = storage.delete(&f.stored_name).await {
                tracing::error!(file = %f.stored_name, error = %e, "upload not removed");
            }
        }
    }
}

/// The refusal's key when more files came than a request may carry.
pub const TOO_MANY: &str = "fichiers";

/// Text fields are short (a message is at most a few thousand characters).
const MAX_TEXT_BYTES: usize = 64 * 1024;
/// The largest form has about fifteen fields (five files, their types, the
/// text); beyond these, nobody is filling in one of our forms.
pub const MAX_TEXT_FIELDS: usize = 50;
pub const MAX_FILE_PARTS: usize = 50;
/// All text fields together, names included: memory held per upload.
pub const MAX_TEXT_TOTAL: usize = 256 * 1024;

pub const TOO_MANY_FIELDS: &str =
    "Le formulaire envoyé contient trop de champs : rechargez la page et recommencez.";
pub const TEXT_TOO_LONG: &str =
    "Le texte envoyé est trop long : raccourcissez votre message, puis recommencez.";

/// What the post has carried so far, against the caps above.
#[derive(Default)]
struct Tally {
    text_fields: usize,
    text_bytes: usize,
    file_parts: usize,
    /// Bytes of the accepted files.
    total: u64,
}

pub async fn receive(
    body: axum::body::Body,
    boundary: String,
    limits: &Limits,
    storage: &Storage,
) -> Result<Received, AppError> {
    // Beyond this, stop reading: nobody sends that much by mistake.
    let ceiling = limits.per_request.saturating_mul(2) + 1024 * 1024;
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(ceiling));
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut got = Received::default();
    let mut tally = Tally::default();
    loop {
        let step = match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                if field.file_name().is_some() {
                    file(field, &name, limits, storage, &mut got, &mut tally).await
                } else {
                    text(field, name, &mut got, &mut tally).await
                }
            }
            Ok(None) => break,
            Err(e) => Err(Stop::Refused(refused_stream(e))),
        };
        if let Err(stop) = step {
            got.discard(storage).await;
            got.files.clear();
            let Stop::Refused(msg) = stop;
            got.general = Some(msg);
            break;
        }
    }
    Ok(got)
}

/// Why reading stopped before the end (a storage failure is a refusal of
/// its file, not a stop).
enum Stop {
    Refused(String),
}

/// A text field, counted against the caps before it is kept.
async fn text(
    field: multer::Field<'_>,
    name: String,
    got: &mut Received,
    tally: &mut Tally,
) -> Result<(), Stop> {
    tally.text_fields += 1;
    tally.text_bytes += name.len();
    if tally.text_fields > MAX_TEXT_FIELDS {
        return Err(Stop::Refused(TOO_MANY_FIELDS.into()));
    }
    if tally.text_bytes > MAX_TEXT_TOTAL {
        return Err(Stop::Refused(TEXT_TOO_LONG.into()));
    }
    let value = read_text(field, tally).await?;
    got.fields.insert(name, value);
    Ok(())
}

async fn read_text(mut field: multer::Field<'_>, tally: &mut Tally) -> Result<String, Stop> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| Stop::Refused(refused_stream(e)))?
    {
        if bytes.len() + chunk.len() > MAX_TEXT_BYTES {
            return Err(Stop::Refused("Le message envoyé est trop long.".into()));
        }
        tally.text_bytes += chunk.len();
        if tally.text_bytes > MAX_TEXT_TOTAL {
            return Err(Stop::Refused(TEXT_TOO_LONG.into()));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

async fn file(
    mut field: multer::Field<'_>,
    name: &str,
    limits: &Limits,
    storage: &Storage,
    got: &mut Received,
    tally: &mut Tally,
) -> Result<(), Stop> {
    // Each part, even empty, can add a refusal to the page: they are counted.
    tally.file_parts += 1;
    if tally.file_parts > MAX_FILE_PARTS {
        return Err(Stop::Refused(TOO_MANY_FIELDS.into()));
    }
    let original = field.file_name().unwrap_or_default().to_string();
    let mut bytes = Vec::new();
    let mut size = 0u64;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| Stop::Refused(refused_stream(e)))?
    {
        size += chunk.len() as u64;
        // Past the limit the rest is read and dropped, never kept in memory.
        if size <= limits.per_file {
            bytes.extend_from_slice(&chunk);
        }
    }
    // An empty file input (nothing chosen) is sent with an empty name.
    if original.is_empty() && size == 0 {
        return Ok(());
    }
    let checked = limits
        .admit(got.files.len(), tally.total, size)
        .and_then(|()| FileKind::of(&bytes).ok_or(Refusal::Type));
    let kind = match checked {
        Ok(kind) => kind,
        Err(refusal) => {
            // One file too many has no row of its own on the page.
            let field = if refusal == Refusal::TooMany {
                TOO_MANY
            } else {
                name
            };
            got.refusals
                .entry(field.to_string())
                .or_insert_with(|| refusal.message(limits));
            return Ok(());
        }
    };
    // A storage that refuses (disk read-only or full, bucket away) refuses
    // the file next to its field: the request is not recorded, the text the
    // tenant typed is kept, and the rest of the portal goes on.
    let stored_name = match storage.put(&bytes, kind.extension()).await {
        Ok(stored_name) => stored_name,
        Err(e) => {
            tracing::error!(error = %e, "upload storage: file not written");
            got.refusals
                .entry(name.to_string())
                .or_insert_with(|| STORAGE_DOWN.to_string());
            return Ok(());
        }
    };
    tally.total += size;
    got.files.push(Upload {
        field: name.to_string(),
        display_name: display_name(&original, kind.extension()),
        kind,
        stored_name,
        size,
    });
    Ok(())
}

pub const STORAGE_DOWN: &str = "Le fichier n'a pas pu être enregistré : le dépôt des fichiers est momentanément indisponible. Rien n'a été envoyé ; merci de réessayer plus tard.";

fn refused_stream(e: multer::Error) -> String {
    match e {
        multer::Error::StreamSizeExceeded { .. } => {
            "L'envoi est trop volumineux : envoyez moins de fichiers, ou des fichiers plus petits."
                .into()
        }
        other => {
            tracing::warn!(error = %other, "multipart form not read");
            "L'envoi a été interrompu : vérifiez votre connexion puis recommencez.".into()
        }
    }
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    multer::parse_boundary(content_type).ok()
}
