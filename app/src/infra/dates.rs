//! Dates and times as the landlord reads them (Europe/Paris), and as the
//! database stores them (BIGINT seconds, ISO `YYYY-MM-DD` text). Every area
//! shows dates, so they live here, below the areas.
use chrono::NaiveDate;

/// Seconds since the epoch: every timestamp in the database is one of these.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Today's date for the landlord, in Europe/Paris.
pub fn today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

/// A date as the database stores it.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A stored date as tenants read it ("07/12/2026"); anything else unchanged.
pub fn french_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

/// A timestamp as the landlord's staff and tenants read it: "01/12/2026 à 20h34".
pub fn paris_time(timestamp: i64) -> String {
    chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|d| {
            d.with_timezone(&chrono_tz::Europe::Paris)
                .format("%d/%m/%Y à %Hh%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// The landlord's day (Europe/Paris) of a timestamp.
pub fn paris_day(timestamp: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|d| d.with_timezone(&chrono_tz::Europe::Paris).date_naive())
        .unwrap_or_else(today)
}
