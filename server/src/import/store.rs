//! Writing imported rows, whatever the table: each row is found by the ERP's
//! key, then created, updated (some column differs) or left alone. Rows go
//! in batches so that millions of ledger entries cost few round trips.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Row as _, Transaction};
use std::collections::HashMap;

pub type Tx = Transaction<'static, Any>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    Text(Option<String>),
    Int(Option<i64>),
    /// An optional column this export does not have: an existing row keeps
    /// its value, a new one gets the column's empty value.
    Keep,
}

impl Val {
    pub fn text(s: impl Into<String>) -> Val {
        Val::Text(Some(s.into()))
    }
}

#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    /// Text that may be NULL (a new row's absent value is NULL, not "").
    NullText,
    Int,
}

impl Kind {
    fn empty(self) -> Val {
        match self {
            Kind::Text => Val::text(""),
            Kind::NullText => Val::Text(None),
            Kind::Int => Val::Int(None),
        }
    }
}

/// How a table is written: its key column and the columns the ERP decides.
pub struct Table {
    pub name: &'static str,
    pub key: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// Columns set once, at creation, never compared (e.g. a random public id).
    pub on_create: fn() -> Vec<(&'static str, Val)>,
    /// Before comparing an existing row (`old`) with the imported one (`new`):
    /// keeps in `new` what the portal knows better (a later insurance period).
    pub keep: fn(old: &[Val], new: &mut [Val]),
}

pub fn nothing_more() -> Vec<(&'static str, Val)> {
    Vec::new()
}

pub fn keep_nothing(_: &[Val], _: &mut [Val]) {}

pub struct Row {
    pub key: String,
    pub values: Vec<Val>,
}

#[derive(Default, Debug, Clone, Copy)]
pub struct Counts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

pub async fn is_empty(tx: &mut Tx, table: &Table) -> Result<bool, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT 1 FROM {} LIMIT 1", table.name))
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.is_empty())
}

/// Writes `rows` (keys unique within the batch); returns the id of each key
/// when `want_ids` (rows that later files refer to), else at least of those
/// that existed. `all_new`: the table held no row when the file began (keys
/// are unique in the file), so nothing needs looking up.
pub async fn write(
    tx: &mut Tx,
    table: &Table,
    rows: Vec<Row>,
    counts: &mut Counts,
    all_new: bool,
    want_ids: bool,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    let found = if all_new {
        HashMap::new()
    } else {
        existing(tx, table, &keys).await?
    };
    let mut ids = HashMap::with_capacity(rows.len());
    let mut new_rows = Vec::new();
    for mut row in rows {
        let Some((id, values)) = found.get(&row.key) else {
            for (v, (_, kind)) in row.values.iter_mut().zip(table.columns) {
                if *v == Val::Keep {
                    *v = kind.empty();
                }
            }
            new_rows.push(row);
            continue;
        };
        for (v, old) in row.values.iter_mut().zip(values) {
            if *v == Val::Keep {
                *v = old.clone();
            }
        }
        (table.keep)(values, &mut row.values);
        if *values == row.values {
            counts.unchanged += 1;
        } else {
            update(tx, table, *id, &row).await?;
            counts.updated += 1;
        }
        ids.insert(row.key, *id);
    }
    counts.created += new_rows.len() as u64;
    ids.extend(insert(tx, table, new_rows, want_ids).await?);
    Ok(ids)
}

async fn existing(
    tx: &mut Tx,
    table: &Table,
    keys: &[&str],
) -> Result<HashMap<String, (i64, Vec<Val>)>, sqlx::Error> {
    let cols: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    let mut q = Sql::new(format!(
        "SELECT id, {} AS import_key, {} FROM {} WHERE {} IN (",
        table.key,
        cols.join(", "),
        table.name,
        table.key
    ));
    for (i, k) in keys.iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " });
        q.bind(Val::text(*k));
    }
    q.push(")");
    let rows = q.query().fetch_all(&mut **tx).await?;
    let mut found = HashMap::with_capacity(rows.len());
    for row in rows {
        let mut values = Vec::with_capacity(cols.len());
        for (i, (_, kind)) in table.columns.iter().enumerate() {
            values.push(match kind {
                Kind::Text | Kind::NullText => Val::Text(row.try_get(i + 2)?),
                Kind::Int => Val::Int(row.try_get(i + 2)?),
            });
        }
        found.insert(row.try_get::<String, _>(1)?, (row.try_get(0)?, values));
    }
    Ok(found)
}

/// SQL text with `$n` placeholders (understood by SQLite and PostgreSQL;
/// sqlx's `QueryBuilder` writes `?` for the Any driver, which PostgreSQL refuses).
struct Sql {
    text: String,
    args: Vec<Val>,
}

impl Sql {
    fn new(text: String) -> Self {
        Sql {
            text,
            args: Vec::new(),
        }
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn bind(&mut self, v: Val) {
        use std::fmt::Write as _;
        self.args.push(v);
        let _ = write!(self.text, "${}", self.args.len());
    }

    /// The statement with its values bound, moved rather than copied (an
    /// import binds hundreds of millions of them).
    fn query(&mut self) -> Query<'_, Any, AnyArguments<'_>> {
        std::mem::take(&mut self.args)
            .into_iter()
            .fold(sqlx::query(&self.text), |q, v| match v {
                Val::Text(t) => q.bind(t),
                Val::Int(i) => q.bind(i),
                // Replaced before any statement (`write`); never bound.
                Val::Keep => q.bind(None::<String>),
            })
    }
}

async fn insert(
    tx: &mut Tx,
    table: &Table,
    rows: Vec<Row>,
    want_ids: bool,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let extra_cols: Vec<&str> = (table.on_create)().iter().map(|(c, _)| *c).collect();
    let cols: Vec<&str> = std::iter::once(table.key)
        .chain(table.columns.iter().map(|(c, _)| *c))
        .chain(extra_cols)
        .collect();
    let mut q = Sql::new(format!(
        "INSERT INTO {} ({}) VALUES ",
        table.name,
        cols.join(", ")
    ));
    for (i, row) in rows.into_iter().enumerate() {
        q.push(if i == 0 { "(" } else { ", (" });
        q.bind(Val::Text(Some(row.key)));
        for v in row
            .values
            .into_iter()
            .chain((table.on_create)().into_iter().map(|(_, v)| v))
        {
            q.push(", ");
            q.bind(v);
        }
        q.push(")");
    }
    if !want_ids {
        // Ledger entries: 15 million ids nobody reads back.
        q.query().execute(&mut **tx).await?;
        return Ok(HashMap::new());
    }
    q.push(&format!(" RETURNING id, {}", table.key));
    // Read whole: a RETURNING left half-read keeps SQLite's write lock.
    let returned = q.query().fetch_all(&mut **tx).await?;
    returned
        .iter()
        .map(|r| Ok((r.try_get::<String, _>(1)?, r.try_get::<i64, _>(0)?)))
        .collect()
}

async fn update(tx: &mut Tx, table: &Table, id: i64, row: &Row) -> Result<(), sqlx::Error> {
    let mut q = Sql::new(format!("UPDATE {} SET ", table.name));
    for (i, ((col, _), v)) in table.columns.iter().zip(&row.values).enumerate() {
        q.push(&format!("{}{col} = ", if i == 0 { "" } else { ", " }));
        q.bind(v.clone());
    }
    q.push(" WHERE id = ");
    q.bind(Val::Int(Some(id)));
    q.query().execute(&mut **tx).await?;
    Ok(())
}
