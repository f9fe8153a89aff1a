//! `agences.csv`'s opening hours, one column per day (`lundi` … `samedi`):
//! empty (not given), `fermé`, or time ranges such as `8h30-12h 13h30-17h`
//! or `08:30-12:00 / 13:30-17:00`. Stored as one line per day given, in the
//! portal's wording ("Lundi : 8 h 30 – 12 h, 13 h 30 – 17 h"), followed by the
//! free text of `horaires`.

use chrono::NaiveTime;

pub const DAYS: [&str; 6] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

/// One day's value, as the line shown to tenants ("" when not given).
pub fn day(day: &str, value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let title = format!("{}{}", day[..1].to_uppercase(), &day[1..]);
    if app::domain::person_name::match_key(v) == "FERME" {
        return Ok(format!("{title} : fermé"));
    }
    // "08:30 - 12:00" is one range: join the dash before splitting on spaces.
    let joined = v.replace(" - ", "-").replace(" – ", "-");
    let ranges: Result<Vec<String>, ()> = joined
        .split(['/', ',', ' ', ';'])
        .filter(|p| !p.is_empty() && *p != "et")
        .map(range)
        .collect();
    match ranges {
        Ok(r) if !r.is_empty() => Ok(format!("{title} : {}", r.join(", "))),
        _ => Err(format!(
            "horaires invalides « {v} » (par exemple 8h30-12h 13h30-17h, ou fermé)"
        )),
    }
}

/// "8h30-12h" → "8 h 30 – 12 h"; the end must follow the start.
fn range(text: &str) -> Result<String, ()> {
    let (from, to) = text.split_once(['-', '–']).ok_or(())?;
    let (from, to) = (time(from)?, time(to)?);
    if to <= from {
        return Err(());
    }
    Ok(format!("{} – {}", french(from), french(to)))
}

fn time(text: &str) -> Result<NaiveTime, ()> {
    let t = text.trim().to_lowercase().replace('h', ":");
    let t = if t.ends_with(':') {
        format!("{t}00")
    } else {
        t
    };
    let t = if t.contains(':') {
        t
    } else {
        format!("{t}:00")
    };
    NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| ())
}

fn french(t: NaiveTime) -> String {
    use chrono::Timelike;
    match t.minute() {
        0 => format!("{} h", t.hour()),
        m => format!("{} h {m:02}", t.hour()),
    }
}

/// The stored text: the days given, then the free note.
pub fn join(days: Vec<String>, note: &str) -> String {
    days.into_iter()
        .filter(|d| !d.is_empty())
        .chain((!note.is_empty()).then(|| note.to_string()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_in_the_ways_erps_write_them() {
        assert_eq!(
            day("lundi", "8h30-12h 13h30-17h").unwrap(),
            "Lundi : 8 h 30 – 12 h, 13 h 30 – 17 h"
        );
        assert_eq!(
            day("mardi", "08:30-12:00 / 13:30-17:00").unwrap(),
            "Mardi : 8 h 30 – 12 h, 13 h 30 – 17 h"
        );
        assert_eq!(
            day("jeudi", "08:30 - 12:00 et 13:30 - 17:00").unwrap(),
            "Jeudi : 8 h 30 – 12 h, 13 h 30 – 17 h"
        );
        assert_eq!(day("samedi", "Fermé").unwrap(), "Samedi : fermé");
        assert_eq!(day("samedi", "").unwrap(), "");
        for bad in ["8h30", "17h-8h", "25h-26h", "le matin"] {
            assert!(day("lundi", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_note_follows_the_days() {
        let days = vec!["Lundi : 8 h – 12 h".into(), String::new()];
        assert_eq!(
            join(days, "Sur rendez-vous"),
            "Lundi : 8 h – 12 h\nSur rendez-vous"
        );
        assert_eq!(join(vec![], ""), "");
    }
}
