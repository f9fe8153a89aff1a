//! A synthetic ERP export for the import benchmark (bench/import.sh):
//! `accounts` accounts with one dwelling each and `months` months of ledger
//! (a charge and its payment a month), written as it streams, so that
//! 15 million entries never sit in memory.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Account numbers start here, clear of the demo's (100001…, 123456…).
const FIRST_ACCOUNT: u32 = 200_000;

pub fn write(folder: &Path, accounts: u32, months: u32) -> std::io::Result<u64> {
    std::fs::create_dir_all(folder)?;
    let open =
        |name: &str| File::create(folder.join(name)).map(|f| BufWriter::with_capacity(1 << 20, f));
    let mut agences = open("agences.csv")?;
    writeln!(
        agences,
        "code;nom;adresse;telephone;lundi;mardi;mercredi;jeudi;vendredi;samedi;horaires"
    )?;
    for a in 0..20 {
        writeln!(
            agences,
            "S{a:02};Agence {a};{a} rue de l'Exemple, 42000 Saint-Étienne;04 77 00 00 {a:02};\
             8h30-12h 13h30-17h;8h30-12h 13h30-17h;8h30-12h;8h30-12h 13h30-17h;8h30-12h;fermé;"
        )?;
    }
    let (mut comptes, mut personnes, mut baux, mut ecritures) = (
        open("comptes.csv")?,
        open("personnes.csv")?,
        open("baux.csv")?,
        open("ecritures.csv")?,
    );
    writeln!(comptes, "compte;agence")?;
    writeln!(
        personnes,
        "reference;compte;role;nom;prenom;date_naissance;telephone_domicile;telephone_mobile;\
         telephone_travail;email;situation_familiale;categorie_socio_professionnelle;profession;adresse"
    )?;
    writeln!(
        baux,
        "reference;compte;type;libelle;adresse;batiment;etage;porte;loyer;charges;date_debut;date_fin;agence;\
         assurance_debut;assurance_fin"
    )?;
    writeln!(
        ecritures,
        "reference;compte;bail;date;libelle;nature;montant"
    )?;
    let mut entries = 0u64;
    for i in 0..accounts {
        let n = FIRST_ACCOUNT + i;
        let agency = format!("S{:02}", i % 20);
        writeln!(comptes, "{n};{agency}")?;
        writeln!(
            personnes,
            "Q{n};{n};signataire;NOM{n};Prénom;{:02}/{:02}/19{};04 77 {:02} {:02} {:02};06 12 {:02} {:02} {:02};;\
             q{n}@exemple.com;Marié(e);Employé;Aide-soignante;{} avenue de la Libération, 42000 Saint-Étienne",
            1 + i % 28,
            1 + i % 12,
            40 + i % 60,
            i % 100,
            i / 100 % 100,
            i / 10_000 % 100,
            i % 100,
            i / 100 % 100,
            i / 10_000 % 100,
            i % 300
        )?;
        let rent = 30_000 + (i % 400) * 100;
        writeln!(
            baux,
            "B{n};{n};logement;Logement Type 3;{} avenue de la Libération, 42000 Saint-Étienne;A;2e étage;{};{},{:02};80,00;01/01/2019;;{agency};01/10/2026;30/09/2027",
            i % 300,
            i % 50,
            rent / 100,
            rent % 100
        )?;
        for m in 0..months {
            let (year, month) = (2021 + m / 12, 1 + m % 12);
            let amount = format!("{},{:02}", (rent + 8000) / 100, (rent + 8000) % 100);
            writeln!(
                ecritures,
                "F{n}-{m};{n};B{n};01/{month:02}/{year};Loyer et charges {month:02}/{year};facturation;{amount}"
            )?;
            writeln!(
                ecritures,
                "R{n}-{m};{n};B{n};05/{month:02}/{year};Règlement;reglement;{amount}"
            )?;
            entries += 2;
        }
    }
    for w in [
        &mut agences,
        &mut comptes,
        &mut personnes,
        &mut baux,
        &mut ecritures,
    ] {
        w.flush()?;
    }
    Ok(entries)
}
