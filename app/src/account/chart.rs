//! The balance over the last 12 months: an SVG drawn on the server (no
//! script, no library), with a sentence for screen readers and the same
//! figures in a table.

use crate::domain::Money;
use leptos::prelude::*;

const W: f64 = 600.0;
const H: f64 = 200.0;
const LABELS: f64 = 24.0;

#[component]
pub fn BalanceChart(points: Vec<(String, Money)>) -> impl IntoView {
    let max = points
        .iter()
        .map(|(_, m)| m.cents().abs())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let has_credit = points.iter().any(|(_, m)| m.cents() < 0);
    let has_debt = points.iter().any(|(_, m)| m.cents() > 0);
    let plot = H - LABELS;
    // The zero line: at the bottom when no month is in credit.
    let zero = match (has_debt, has_credit) {
        (true, true) => plot / 2.0,
        (false, true) => 4.0,
        _ => plot,
    };
    let scale = if has_debt && has_credit {
        plot / 2.0 - 4.0
    } else {
        plot - 8.0
    } / max;
    let step = W / points.len().max(1) as f64;
    let summary = summary(&points);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (month, m))| {
            let h = (m.cents() as f64 * scale).abs().max(3.0);
            let y = if m.cents() > 0 { zero - h } else { zero };
            let class = if m.cents() > 0 { "bar-debt" } else { "bar-ok" };
            let x = i as f64 * step + step * 0.2;
            let short = format!("{}/{}", &month[..2], &month[month.len() - 2..]);
            view! {
                <rect class=class x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", step * 0.6) height=format!("{h:.1}") />
                <text x=format!("{:.1}", x + step * 0.3) y=format!("{:.1}", H - 6.0) text-anchor="middle">{short}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=summary.clone() focusable="false">
                <line class="chart-zero" x1="0" x2=W.to_string() y1=format!("{zero:.1}") y2=format!("{zero:.1}") />
                {bars}
            </svg>
            <figcaption>{summary} " En rouge : somme due ; en vert : compte à jour ou en crédit."</figcaption>
            <table class="sr-only">
                <caption>"Solde en fin de mois, 12 derniers mois"</caption>
                <thead><tr><th scope="col">"Mois"</th><th scope="col">"Solde"</th></tr></thead>
                <tbody>
                    {points.into_iter().map(|(month, m)| view! {
                        <tr><th scope="row">{month}</th><td>{m.to_string()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}

/// One sentence saying what the chart shows.
fn summary(points: &[(String, Money)]) -> String {
    let owed = points.iter().filter(|(_, m)| m.cents() > 0).count();
    match (points.first(), points.last()) {
        (Some((first, _)), Some((last, end))) => format!(
            "Solde en fin de mois de {first} à {last} : {owed} mois sur {} avec une somme due ; solde actuel {}.",
            points.len(),
            end
        ),
        _ => "Pas encore d'écriture sur votre compte.".into(),
    }
}
