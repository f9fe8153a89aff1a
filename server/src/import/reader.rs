//! Reading and checking a file's records on a thread of their own, while the
//! import's task waits for the database: the two overlap instead of taking
//! turns (measured in bench/import.sh, docs/benchmarks.md).

use super::files::{Ctx, FileSpec, Refusal};
use super::source::Source;
use super::store::Row;
use tokio::sync::mpsc;

/// Records sent together (one channel message per chunk, not per record).
const CHUNK: usize = 256;
/// Chunks read ahead of the database: enough to keep both sides busy, few
/// enough that a slow database does not fill memory.
const AHEAD: usize = 8;

/// One record, read and checked.
pub enum Parsed {
    Unreadable(u64, String),
    Refused(u64, Vec<Refusal>),
    Row(u64, Row),
}

pub struct Chunk {
    pub items: Vec<Parsed>,
    /// Bytes of the file read so far (the progress bar).
    pub position: u64,
}

pub struct Reader(std::thread::JoinHandle<()>);

impl Reader {
    /// Waits for the thread, which has ended once the channel is drained.
    pub fn finish(self) {
        if self.0.join().is_err() {
            tracing::error!("import: the reading thread panicked");
        }
    }
}

/// Starts reading `src`; `ctx` is the keys known when the file begins (a
/// file never refers to its own rows: those are checked in the import task).
pub fn spawn(
    mut src: Source,
    spec: &'static FileSpec,
    ctx: Ctx,
) -> (Reader, mpsc::Receiver<Chunk>) {
    let (tx, rx) = mpsc::channel(AHEAD);
    let handle = std::thread::spawn(move || {
        let mut items = Vec::with_capacity(CHUNK);
        while let Some(next) = src.next() {
            items.push(match next {
                Err((line, reason)) => Parsed::Unreadable(line, reason),
                Ok(rec) => match (spec.parse)(&src, &rec, &ctx) {
                    Ok(row) => Parsed::Row(rec.line, row),
                    Err(refusals) => Parsed::Refused(rec.line, refusals),
                },
            });
            if items.len() == CHUNK {
                let full = std::mem::replace(&mut items, Vec::with_capacity(CHUNK));
                // The import task stopped listening (it failed): stop too.
                if tx
                    .blocking_send(Chunk {
                        items: full,
                        position: src.position(),
                    })
                    .is_err()
                {
                    return;
                }
            }
        }
        let _ = tx.blocking_send(Chunk {
            items,
            position: src.position(),
        });
    });
    (Reader(handle), rx)
}
