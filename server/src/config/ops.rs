//! How the landlord's IT runs the portal (docs/deploying.md): metrics, logs,
//! stopping.
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Ops {
    /// ESPACE_METRICS_LISTEN: where Prometheus reads `/metrics` (off when
    /// unset). A separate address, so that the public proxy never serves it.
    pub metrics_listen: Option<SocketAddr>,
    /// ESPACE_SHUTDOWN_SECONDS: how long a stopping instance lets the
    /// requests under way finish before it exits anyway.
    pub shutdown_grace: Duration,
    /// ESPACE_REQUESTS_AT_ONCE: how many requests one instance works on at
    /// once; the others wait their turn (turns.rs).
    pub requests_at_once: usize,
}

/// Four per core: enough to keep the cores busy while pages wait on the
/// database, few enough that 256 open connections do not hold 256 pages in
/// memory. On 2 cores, 8 gave the most pages a second on SQLite and
/// PostgreSQL alike, and 2 to 16 were within the noise (docs/benchmarks.md,
/// 2026-12-07, third stop).
pub fn default_requests_at_once() -> usize {
    4 * std::thread::available_parallelism().map_or(2, |n| n.get())
}

impl Default for Ops {
    fn default() -> Self {
        Self {
            metrics_listen: None,
            shutdown_grace: Duration::from_secs(20),
            requests_at_once: default_requests_at_once(),
        }
    }
}

pub fn ops(var: &impl Fn(&str) -> Option<String>) -> Result<Ops, String> {
    let metrics_listen = var("ESPACE_METRICS_LISTEN")
        .map(|v| {
            v.parse().map_err(|_| {
                format!("ESPACE_METRICS_LISTEN={v} : adresse invalide (exemple 127.0.0.1:9100)")
            })
        })
        .transpose()?;
    let shutdown_grace = bounded(
        var,
        "ESPACE_SHUTDOWN_SECONDS",
        1..=600,
        "un nombre de secondes",
    )?
    .map_or(Ops::default().shutdown_grace, Duration::from_secs);
    let requests_at_once = bounded(
        var,
        "ESPACE_REQUESTS_AT_ONCE",
        1..=4096,
        "un nombre de requêtes",
    )?
    .map_or_else(default_requests_at_once, |n| n as usize);
    Ok(Ops {
        metrics_listen,
        shutdown_grace,
        requests_at_once,
    })
}

/// A whole number within `range`, when the variable is set; the refusal
/// names the variable, its value and the range, in French.
fn bounded(
    var: &impl Fn(&str) -> Option<String>,
    name: &str,
    range: std::ops::RangeInclusive<u64>,
    what: &str,
) -> Result<Option<u64>, String> {
    let Some(v) = var(name) else { return Ok(None) };
    match v.parse::<u64>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "{name}={v} : {what} entre {} et {}",
            range.start(),
            range.end()
        )),
    }
}

/// ESPACE_LOG_FORMAT: `json` for one JSON object a line (log collectors),
/// anything else for text (a person reading a terminal).
pub fn json_logs() -> bool {
    std::env::var("ESPACE_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"))
}
