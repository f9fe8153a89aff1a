//! The ISO 20022 customer direct-debit initiation (pain.008) for the EPC SDD
//! Core scheme: the 2019 version (pain.008.001.08) the EPC's current
//! implementation guidelines name, or the 2009 one (pain.008.001.02) some
//! banks' channels still take. One payment information block per sequence
//! type, all for one collection date. Every text is first reduced to the
//! EPC's Latin character set (`sepa_text`), which holds no XML special
//! character; `escape` stays as a guard. Validated against the official
//! schemas (docs/sepa/) by the tests, with xmllint.
use crate::domain::{Bic, Iban, Ics, Money};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// pain.008.001.08 (2019).
    V08,
    /// pain.008.001.02 (2009).
    V02,
}

impl Version {
    pub fn code(self) -> &'static str {
        match self {
            Self::V08 => "pain.008.001.08",
            Self::V02 => "pain.008.001.02",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::V08, Self::V02]
            .into_iter()
            .find(|v| v.code() == code)
    }

    /// The BIC's element: renamed in the 2019 version.
    fn bic_tag(self) -> &'static str {
        match self {
            Self::V08 => "BICFI",
            Self::V02 => "BIC",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sequence {
    /// A mandate's first collection (or the first after a change of bank).
    First,
    Recurrent,
}

impl Sequence {
    pub fn code(self) -> &'static str {
        match self {
            Self::First => "FRST",
            Self::Recurrent => "RCUR",
        }
    }
}

/// What changed in the mandate since its last collection (EPC amendment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Amendment {
    /// Another account at the same bank: the original IBAN.
    Account(Iban),
    /// Another bank ("same mandate, new debtor agent").
    Bank,
}

#[derive(Clone, Debug)]
pub struct Creditor {
    pub name: String,
    pub iban: Iban,
    pub bic: Bic,
    pub ics: Ics,
}

#[derive(Clone, Debug)]
pub struct Debit {
    pub end_to_end: String,
    pub amount: Money,
    pub rum: String,
    /// yyyy-mm-dd
    pub signed_on: String,
    pub debtor: String,
    pub iban: Iban,
    pub bic: Bic,
    pub sequence: Sequence,
    pub amendment: Option<Amendment>,
    /// The remittance text: what the tenant's bank statement shows.
    pub label: String,
}

#[derive(Clone, Debug)]
pub struct File {
    pub version: Version,
    pub message_id: String,
    /// yyyy-mm-ddThh:mm:ss
    pub created_at: String,
    /// yyyy-mm-dd
    pub collection_date: String,
    pub creditor: Creditor,
    pub debits: Vec<Debit>,
}

/// "123.45": the schema's decimal with two digits.
pub fn amount(m: Money) -> String {
    let c = m.cents();
    format!("{}.{:02}", c / 100, c % 100)
}

fn total(debits: &[&Debit]) -> Money {
    Money::from_cents(debits.iter().map(|d| d.amount.cents()).sum())
}

/// The file's XML. Empty batches are left out.
pub fn write(f: &File) -> String {
    let all: Vec<&Debit> = f.debits.iter().collect();
    let mut x = String::with_capacity(1024 + 1024 * all.len());
    let ns = f.version.code();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:{ns}\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n\
         <CstmrDrctDbtInitn>\n<GrpHdr>\n<MsgId>{}</MsgId>\n<CreDtTm>{}</CreDtTm>\n\
         <NbOfTxs>{}</NbOfTxs>\n<CtrlSum>{}</CtrlSum>\n<InitgPty><Nm>{}</Nm></InitgPty>\n</GrpHdr>\n",
        escape(&f.message_id),
        f.created_at,
        all.len(),
        amount(total(&all)),
        escape(&sepa_text(&f.creditor.name, 70)),
    );
    for sequence in [Sequence::First, Sequence::Recurrent] {
        let batch: Vec<&Debit> = all
            .iter()
            .copied()
            .filter(|d| d.sequence == sequence)
            .collect();
        if !batch.is_empty() {
            payment_block(&mut x, f, sequence, &batch);
        }
    }
    x.push_str("</CstmrDrctDbtInitn>\n</Document>\n");
    x
}

fn payment_block(x: &mut String, f: &File, sequence: Sequence, batch: &[&Debit]) {
    let c = &f.creditor;
    let bic = f.version.bic_tag();
    let _ = write!(
        x,
        "<PmtInf>\n<PmtInfId>{}-{}</PmtInfId>\n<PmtMtd>DD</PmtMtd>\n<BtchBookg>true</BtchBookg>\n\
         <NbOfTxs>{}</NbOfTxs>\n<CtrlSum>{}</CtrlSum>\n\
         <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm><SeqTp>{}</SeqTp></PmtTpInf>\n\
         <ReqdColltnDt>{}</ReqdColltnDt>\n<Cdtr><Nm>{}</Nm></Cdtr>\n\
         <CdtrAcct><Id><IBAN>{}</IBAN></Id></CdtrAcct>\n\
         <CdtrAgt><FinInstnId><{bic}>{}</{bic}></FinInstnId></CdtrAgt>\n<ChrgBr>SLEV</ChrgBr>\n\
         <CdtrSchmeId><Id><PrvtId><Othr><Id>{}</Id><SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id></CdtrSchmeId>\n",
        escape(&f.message_id),
        sequence.code(),
        batch.len(),
        amount(total(batch)),
        sequence.code(),
        f.collection_date,
        escape(&sepa_text(&c.name, 70)),
        c.iban.as_str(),
        c.bic.as_str(),
        c.ics.as_str(),
    );
    for d in batch {
        transaction(x, f.version, d);
    }
    x.push_str("</PmtInf>\n");
}

fn transaction(x: &mut String, version: Version, d: &Debit) {
    let bic = version.bic_tag();
    let _ = write!(
        x,
        "<DrctDbtTxInf>\n<PmtId><EndToEndId>{}</EndToEndId></PmtId>\n\
         <InstdAmt Ccy=\"EUR\">{}</InstdAmt>\n\
         <DrctDbtTx><MndtRltdInf><MndtId>{}</MndtId><DtOfSgntr>{}</DtOfSgntr>{}</MndtRltdInf></DrctDbtTx>\n\
         <DbtrAgt><FinInstnId><{bic}>{}</{bic}></FinInstnId></DbtrAgt>\n<Dbtr><Nm>{}</Nm></Dbtr>\n\
         <DbtrAcct><Id><IBAN>{}</IBAN></Id></DbtrAcct>\n<RmtInf><Ustrd>{}</Ustrd></RmtInf>\n</DrctDbtTxInf>\n",
        escape(&d.end_to_end),
        amount(d.amount),
        escape(&sepa_text(&d.rum, 35)),
        d.signed_on,
        amendment(d.amendment.as_ref()),
        d.bic.as_str(),
        escape(&sepa_text(&d.debtor, 70)),
        d.iban.as_str(),
        escape(&sepa_text(&d.label, 140)),
    );
}

/// The EPC's amendment details: the original account, or "SMNDA" (same
/// mandate, new debtor agent) when the debtor changed banks.
fn amendment(a: Option<&Amendment>) -> String {
    match a {
        None => String::new(),
        Some(Amendment::Account(original)) => format!(
            "<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAcct><Id><IBAN>{}</IBAN></Id></OrgnlDbtrAcct></AmdmntInfDtls>",
            original.as_str()
        ),
        Some(Amendment::Bank) => "<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAgt><FinInstnId><Othr><Id>SMNDA</Id></Othr></FinInstnId></OrgnlDbtrAgt></AmdmntInfDtls>".into(),
    }
}

/// The EPC's character set (a–z, A–Z, 0–9, / - ? : ( ) . , ' + space):
/// accents dropped (é → e, Œ → OE), anything else a space, cut to `max`.
pub fn sepa_text(s: &str, max: usize) -> String {
    let ascii = deunicode::deunicode(s);
    let kept: String = ascii
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let squeezed = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    squeezed
        .chars()
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Reads the file back and checks that each control sum and count is what
/// its transactions add up to: a file that does not is never stored.
pub fn verify(xml: &str) -> Result<(), String> {
    let amounts = |part: &str| -> Vec<i64> {
        part.split("<InstdAmt Ccy=\"EUR\">")
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .filter_map(cents)
            .collect()
    };
    let all = amounts(xml);
    check(xml, &all, "le fichier")?;
    for block in xml.split("<PmtInf>").skip(1) {
        check(block, &amounts(block), "un lot")?;
    }
    Ok(())
}

fn check(part: &str, amounts: &[i64], what: &str) -> Result<(), String> {
    let field = |tag: &str| {
        part.split(&format!("<{tag}>"))
            .nth(1)
            .and_then(|s| s.split('<').next())
            .map(str::to_string)
    };
    let count = field("NbOfTxs").and_then(|n| n.parse::<usize>().ok());
    let sum = field("CtrlSum").as_deref().and_then(cents);
    if count != Some(amounts.len()) {
        return Err(format!("nombre d'opérations faux dans {what}"));
    }
    if sum != Some(amounts.iter().sum()) {
        return Err(format!("somme de contrôle fausse dans {what}"));
    }
    Ok(())
}

fn cents(s: &str) -> Option<i64> {
    let (units, decimals) = s.split_once('.')?;
    if decimals.len() != 2 {
        return None;
    }
    Some(units.parse::<i64>().ok()? * 100 + decimals.parse::<i64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_reduced_to_the_epc_character_set() {
        assert_eq!(sepa_text("Sophie Martin-Dupré", 70), "Sophie Martin-Dupre");
        assert_eq!(sepa_text("Œuvre & Cie <ß>", 70), "OEuvre Cie ss");
        assert_eq!(
            sepa_text("Loyer 12 – déc. ; € ?", 70),
            "Loyer 12 - dec. EUR ?"
        );
        assert_eq!(sepa_text("abcdef", 3), "abc");
    }

    #[test]
    fn amounts_have_two_decimals_and_a_point() {
        assert_eq!(amount(Money::from_cents(45_050)), "450.50");
        assert_eq!(amount(Money::from_cents(105)), "1.05");
    }

    #[test]
    fn a_wrong_control_sum_or_count_is_caught() {
        let good = "<GrpHdr><NbOfTxs>2</NbOfTxs><CtrlSum>3.50</CtrlSum></GrpHdr>\
            <PmtInf><NbOfTxs>2</NbOfTxs><CtrlSum>3.50</CtrlSum>\
            <InstdAmt Ccy=\"EUR\">1.25</InstdAmt><InstdAmt Ccy=\"EUR\">2.25</InstdAmt></PmtInf>";
        assert_eq!(verify(good), Ok(()));
        assert!(verify(&good.replacen("3.50", "3.51", 1)).is_err());
        assert!(verify(&good.replace("<PmtInf><NbOfTxs>2", "<PmtInf><NbOfTxs>3")).is_err());
        assert!(verify(&good.replace("2.25", "2.26")).is_err());
    }
}
