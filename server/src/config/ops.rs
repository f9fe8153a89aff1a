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
    let shutdown_grace = match var("ESPACE_SHUTDOWN_SECONDS") {
        None => Ops::default().shutdown_grace,
        Some(v) => match v.parse::<u64>() {
            Ok(s) if (1..=600).contains(&s) => Duration::from_secs(s),
            _ => {
                return Err(format!(
                    "ESPACE_SHUTDOWN_SECONDS={v} : un nombre de secondes entre 1 et 600"
                ));
            }
        },
    };
    let requests_at_once = match var("ESPACE_REQUESTS_AT_ONCE") {
        None => default_requests_at_once(),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=4096).contains(&n) => n,
            _ => {
                return Err(format!(
                    "ESPACE_REQUESTS_AT_ONCE={v} : un nombre de requêtes entre 1 et 4096"
                ));
            }
        },
    };
    Ok(Ops {
        metrics_listen,
        shutdown_grace,
        requests_at_once,
    })
}

/// ESPACE_LOG_FORMAT: `json` for one JSON object a line (log collectors),
/// anything else for text (a person reading a terminal).
pub fn json_logs() -> bool {
    std::env::var("ESPACE_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"))
}
