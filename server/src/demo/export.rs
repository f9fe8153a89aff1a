//! The demo landlord's ERP export: the same CSV files and PDF notices a real
//! ERP would send (docs/import.md), written to a folder and then imported by
//! `server import`'s code. Amounts and dates follow today's date, so the
//! demo always shows a current ledger.

use app::domain::Money;
use app::infra::pdf::Pdf;
use chrono::{Datelike, Months, NaiveDate};
use std::fmt::Write as _;
use std::path::Path;

pub struct Lease {
    pub reference: String,
    pub kind: &'static str,
    pub label: &'static str,
    pub address: String,
    pub building: &'static str,
    pub floor: &'static str,
    pub door: &'static str,
    pub rent: i64,
    pub charges: i64,
    pub start: &'static str,
    pub agency: &'static str,
}

pub struct Account {
    pub number: String,
    pub agency: &'static str,
    /// (reference, role, last name, first name, birth date dd/mm/yyyy)
    pub people: Vec<(String, &'static str, String, String, String)>,
    pub leases: Vec<Lease>,
    /// Months of rent left unpaid (amount due), or a credit in cents when negative.
    pub unpaid_months: i64,
    pub credit: i64,
    pub notices: bool,
    /// Pays by direct debit on this day of the month (a mandate in mandats.csv).
    pub debit_day: Option<u32>,
}

const LANDLORD: (&str, &str, &str) = (
    "Habitat Démo",
    "19 rue Honoré de Balzac, 42020 Saint-Étienne Cedex 1",
    "04 77 42 85 00",
);
/// lundi … samedi, then the free note, as agences.csv carries them.
const HOURS: &str = "8h30-12h 13h30-17h;8h30-12h 13h30-17h;8h30-12h;8h30-12h 13h30-17h;8h30-12h 13h30-16h;fermé;Sur rendez-vous l'après-midi";
/// The demo landlord's logo, drawn for the demo: a roof over the initials.
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img"><title>Habitat Démo</title><path d="M32 6 4 30h8v28h40V30h8z" fill="#00557f"/><text x="32" y="50" font-family="DejaVu Sans, sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">HD</text></svg>"##;
/// Months of ledger the demo holds.
const MONTHS: u32 = 24;

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn month_start(today: NaiveDate, back: u32) -> NaiveDate {
    let first = today.with_day(1).expect("day 1 exists");
    first - Months::new(back)
}

pub fn write(folder: &Path, accounts: &[Account], today: NaiveDate) -> std::io::Result<()> {
    std::fs::create_dir_all(folder.join("avis"))?;
    let (name, address, phone) = LANDLORD;
    std::fs::write(folder.join("logo.svg"), LOGO)?;
    std::fs::write(
        folder.join("bailleur.csv"),
        format!("nom;adresse;telephone;logo\n{name};{address};{phone};logo.svg\n"),
    )?;
    std::fs::write(
        folder.join("agences.csv"),
        format!(
            "code;nom;adresse;telephone;lundi;mardi;mercredi;jeudi;vendredi;samedi;horaires\n\
             CV;Agence Centre Ville;25 rue Tarentaize, 42000 Saint-Étienne;04 77 32 72 47;{HOURS}\n\
             NO;Agence Nord;3 place Jean Jaurès, 42000 Saint-Étienne;04 77 32 72 48;{HOURS}\n"
        ),
    )?;
    let mut comptes = String::from("compte;agence\n");
    let mut personnes = String::from(
        "reference;compte;role;nom;prenom;date_naissance;telephone_domicile;telephone_mobile;\
         telephone_travail;email;situation_familiale;categorie_socio_professionnelle;profession;adresse\n",
    );
    let mut baux = String::from(
        "reference;compte;type;libelle;adresse;batiment;etage;porte;loyer;charges;date_debut;date_fin;agence;\
         assurance_debut;assurance_fin\n",
    );
    let mut ecritures = String::from("reference;compte;bail;date;libelle;nature;montant\n");
    let mut documents = String::from("reference;compte;type;periode;date;fichier\n");
    for a in accounts {
        let _ = writeln!(comptes, "{};{}", a.number, a.agency);
        for (r, role, last, first, birth) in &a.people {
            let home = a.leases.first().map(|l| l.address.as_str()).unwrap_or("");
            let more = household(r, role, home);
            let _ = writeln!(
                personnes,
                "{r};{};{role};{last};{first};{birth};{more}",
                a.number
            );
        }
        for l in &a.leases {
            let (from, to) = insured(&l.reference, today);
            let _ = writeln!(
                baux,
                "{};{};{};{};{};{};{};{};{};{};{};;{};{from};{to}",
                l.reference,
                a.number,
                l.kind,
                l.label,
                l.address,
                l.building,
                l.floor,
                l.door,
                Money::from_cents(l.rent).plain(),
                Money::from_cents(l.charges).plain(),
                l.start,
                l.agency
            );
        }
        ledger(&mut ecritures, a, today);
        if a.notices {
            notices(folder, &mut documents, a, today)?;
        }
    }
    std::fs::write(folder.join("comptes.csv"), comptes)?;
    std::fs::write(folder.join("personnes.csv"), personnes)?;
    std::fs::write(folder.join("baux.csv"), baux)?;
    std::fs::write(folder.join("ecritures.csv"), ecritures)?;
    // Claire pays by direct debit: a mandate the ERP holds, as the seed shows one.
    let mut mandats = String::from(
        "reference;compte;bail;rum;titulaire;iban;bic;banque;jour;statut;date_signature\n\
         MD567890-1;567890;0056789;++0567890000001;PETIT Claire;FR90 1450 6000 1912 3456 7890 118;AGRIFRPP845;CRCA SAINT CHAMOND (00019);5;actif;15/01/2024\n",
    );
    for a in accounts {
        mandate(&mut mandats, a);
    }
    std::fs::write(folder.join("mandats.csv"), mandats)?;
    std::fs::write(folder.join("reclamations.csv"), claims(today))?;
    std::fs::write(folder.join("documents.csv"), documents)
}

/// Phones, e-mail, situations and postal address of a person: Sophie
/// Dupont's as the seed shows them; the others made up from their reference.
fn household(reference: &str, role: &str, home: &str) -> String {
    use app::personal_info::rules::{CATEGORIES, FAMILY_SITUATIONS};
    if reference == "P123456-1" {
        return format!(
            "04 77 21 56 34;06 12 34 56 78;;sophie.dupont@exemple.com;Marié(e);Profession intermédiaire;Infirmière;{home}"
        );
    }
    if role != "signataire" {
        return ";;;;;;;".into();
    }
    let n: usize = reference
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    format!(
        ";06 12 {:02} {:02} {:02};;;{};{};;{home}",
        n / 100 % 100,
        n / 10 % 100,
        n % 97,
        FAMILY_SITUATIONS[n % FAMILY_SITUATIONS.len()],
        CATEGORIES[n % CATEGORIES.len()],
    )
}

/// Every lease insured for a year, but Sophie Dupont's home, whose
/// certificate ends in 20 days: Accueil's alert and the reminder show.
fn insured(lease: &str, today: NaiveDate) -> (String, String) {
    let day = |offset: i64| fr(today + chrono::Duration::days(offset));
    if lease == "0012345" {
        (day(-345), day(20))
    } else {
        (day(-300), day(65))
    }
}

/// Two claims Sophie Dupont made at her agency, one answered and closed.
fn claims(today: NaiveDate) -> String {
    let day = |offset: i64| fr(today - chrono::Duration::days(offset));
    format!(
        "numero;compte;bail;date;categorie;lieu;description;statut;date_prise_en_charge;date_resolution;date_cloture;reponse\n\
         AG-2026-0141;123456;0012345;{};Ascenseur;Parties communes;Ascenseur du bâtiment B en panne, signalé au guichet.;cloturee;{};{};{};L'ascensoriste est intervenu : la carte électronique a été remplacée.\n\
         AG-2026-0187;123456;0012345;{};Plomberie;Salle de bains;Fuite sous le lavabo, signalée par téléphone.;en_cours;{};;;\n",
        day(60),
        day(59),
        day(55),
        day(50),
        day(12),
        day(11),
    )
}

/// The mandate of an account that pays by direct debit, at a bank of its own.
fn mandate(out: &mut String, a: &Account) {
    let (Some(day), Some(lease), Some(holder)) = (a.debit_day, a.leases.first(), a.people.first())
    else {
        return;
    };
    let iban = french_iban("30004", "00001", &format!("{:0>11}", a.number));
    let _ = writeln!(
        out,
        "MD{n}-1;{n};{};++0{n}000001;{} {};{iban};BNPAFRPPXXX;BNP PARIBAS SAINT ETIENNE;{day};actif;02/01/2020",
        lease.reference,
        holder.2,
        holder.3,
        n = a.number,
    );
}

/// A French IBAN from its bank, branch and account numbers (digits): the
/// RIB key, then the IBAN's check digits (ISO 13616, mod 97).
fn french_iban(bank: &str, branch: &str, account: &str) -> String {
    let n = |s: &str| s.parse::<u128>().unwrap_or(0);
    let key = 97 - (89 * n(bank) + 15 * n(branch) + 3 * n(account)) % 97;
    let bban = format!("{bank}{branch}{account}{key:02}");
    // "FR00" moved to the end, letters as numbers: F = 15, R = 27.
    let rearranged = format!("{bban}152700");
    let rest = rearranged
        .chars()
        .fold(0u32, |r, c| (r * 10 + c.to_digit(10).unwrap_or(0)) % 97);
    format!("FR{:02}{bban}", 98 - rest)
}

/// Each month: the rent notice on the 1st, the payment on the 5th (except
/// the last `unpaid_months`); a charge adjustment each March; a credit as
/// an extra payment.
fn ledger(out: &mut String, a: &Account, today: NaiveDate) {
    for l in &a.leases {
        let start = NaiveDate::parse_from_str(l.start, "%d/%m/%Y").unwrap_or(today);
        for back in (0..MONTHS).rev() {
            let month = month_start(today, back);
            if month < start.with_day(1).unwrap_or(start) {
                continue;
            }
            let period = month.format("%m/%Y");
            let key = format!("{}-{}", l.reference, month.format("%Y%m"));
            let total = Money::from_cents(l.rent + l.charges).plain();
            let what = match l.kind {
                "logement" => "Loyer et charges",
                _ => "Loyer du stationnement",
            };
            let _ = writeln!(
                out,
                "F{key};{};{};{};{what} {period};facturation;{total}",
                a.number,
                l.reference,
                fr(month)
            );
            // Paid the same day (direct debit), except the months left unpaid.
            if (back as i64) >= a.unpaid_months {
                let _ = writeln!(
                    out,
                    "R{key};{};{};{};Règlement, merci;reglement;{total}",
                    a.number,
                    l.reference,
                    fr(month)
                );
            }
            let adjusted_on = month + chrono::Days::new(14);
            if month.month() == 3 && l.kind == "logement" && adjusted_on <= today {
                let adj = Money::from_cents(l.charges / 3).plain();
                let _ = writeln!(
                    out,
                    "G{key};{};{};{};Régularisation des charges {};facturation;{adj}",
                    a.number,
                    l.reference,
                    fr(adjusted_on),
                    month.year() - 1
                );
                let _ = writeln!(
                    out,
                    "H{key};{};{};{};Règlement régularisation;reglement;{adj}",
                    a.number,
                    l.reference,
                    fr(adjusted_on)
                );
            }
        }
    }
    if a.credit > 0 {
        let _ = writeln!(
            out,
            "C{};{};;{};Versement volontaire;reglement;{}",
            a.number,
            a.number,
            fr(month_start(today, 0)),
            Money::from_cents(a.credit).plain()
        );
    }
}

/// The last 4 rent notices and the last 2 charge adjustments, as PDF.
fn notices(folder: &Path, out: &mut String, a: &Account, today: NaiveDate) -> std::io::Result<()> {
    let Some(home) = a.leases.first() else {
        return Ok(());
    };
    let holder = a
        .people
        .first()
        .map(|p| format!("{} {}", p.2, p.3))
        .unwrap_or_default();
    for back in 0..4 {
        let month = month_start(today, back);
        let file = format!("avis/{}-{}.pdf", a.number, month.format("%Y%m"));
        let lines: Vec<(String, i64)> = a
            .leases
            .iter()
            .flat_map(|l| {
                [
                    (format!("Loyer {}", l.label), l.rent),
                    (format!("Charges {}", l.label), l.charges),
                ]
            })
            .collect();
        let title = format!("Avis d'échéance {}", month.format("%m/%Y"));
        std::fs::write(
            folder.join(&file),
            notice_pdf(&title, a, &holder, home, &lines)?,
        )?;
        let _ = writeln!(
            out,
            "AE{}-{};{};avis_echeance;{};{};{file}",
            a.number,
            month.format("%Y%m"),
            a.number,
            month.format("%m/%Y"),
            fr(month)
        );
    }
    for back in 1..3 {
        let year = today.year() - back;
        let file = format!("avis/{}-regul-{year}.pdf", a.number);
        let title = format!("Avis de régularisation des charges {year}");
        let lines = vec![(
            format!("Charges réelles {year} moins provisions versées"),
            home.charges / 3,
        )];
        std::fs::write(
            folder.join(&file),
            notice_pdf(&title, a, &holder, home, &lines)?,
        )?;
        let _ = writeln!(
            out,
            "AR{}-{year};{};avis_regularisation;{year};15/03/{};{file}",
            a.number,
            a.number,
            year + 1
        );
    }
    Ok(())
}

fn notice_pdf(
    title: &str,
    a: &Account,
    holder: &str,
    home: &Lease,
    lines: &[(String, i64)],
) -> std::io::Result<Vec<u8>> {
    let mut pdf = Pdf::new(title);
    pdf.line(14.0, true, LANDLORD.0);
    pdf.line(9.0, false, LANDLORD.1);
    pdf.down(20.0);
    pdf.line(16.0, true, title);
    pdf.line(
        10.0,
        false,
        &format!("Compte client n° {} — {holder}", a.number),
    );
    pdf.line(10.0, false, &format!("{} : {}", home.label, home.address));
    pdf.down(10.0);
    pdf.amounts(lines, "Total à payer");
    pdf.paragraph(9.0, "Document de démonstration produit par le progiciel du bailleur. Réglez en ligne dans votre Espace Locataire, rubrique « Je règle mon loyer en ligne ».");
    pdf.finish().map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_ibans_are_valid() {
        for n in ["100003", "100021", "567890"] {
            let iban = super::french_iban("30004", "00001", &format!("{n:0>11}"));
            assert!(app::domain::Iban::parse(&iban).is_ok(), "{iban}");
        }
    }
}
