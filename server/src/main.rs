//! `server`: the portal's command line. `server serve` (the default) runs it;
//! `server demo-data` loads the demo tenants; `server migrate` only migrates.
use clap::{Parser, Subcommand};
use server::config::Config;
use server::demo;

#[derive(Parser)]
#[command(
    name = "server",
    about = "Espace Locataire : le portail des locataires"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the portal (configuration: environment variables, see README).
    Serve {
        /// Loads the demo data first, and prints a demo login.
        #[arg(long)]
        demo: bool,
    },
    /// Loads the demo data into the configured database (idempotent).
    DemoData,
    /// Creates or migrates the database, then exits.
    Migrate,
    /// Imports an export of the landlord's ERP (docs/import.md): all or
    /// nothing, idempotent, with a report of every refused row.
    Import {
        /// The folder holding the CSV files (and the PDF notices they name).
        folder: std::path::PathBuf,
    },
    /// Exports back to the ERP what changed in the portal since the last
    /// export (docs/export.md) into a new folder; the cursor moves only when
    /// the whole folder is written.
    Export {
        /// A folder that does not exist yet (or is empty).
        folder: std::path::PathBuf,
        /// jj/mm/aaaa: reissues everything since that day (the cursor stays).
        #[arg(long)]
        depuis: Option<String>,
    },
    /// Applies the retention periods now (docs/privacy.md), as the daily job
    /// does, and prints what was deleted.
    Retention {
        /// Prints what would be deleted, and deletes nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copies the SQLite database into a new file while the portal runs
    /// (VACUUM INTO: one consistent copy). PostgreSQL: pg_dump.
    Backup { file: std::path::PathBuf },
    /// Puts a backup in place of the SQLite database; refused while a
    /// server uses it.
    Restore { file: std::path::PathBuf },
    /// Creates a staff account of the back office and prints its second
    /// factor (TOTP secret and otpauth address) and its recovery codes, once.
    /// The password is read from ESPACE_STAFF_PASSWORD (never a command-line
    /// argument, which other users of the machine could read).
    StaffAdd {
        #[arg(long)]
        email: String,
        #[arg(long)]
        nom: String,
        /// agent, comptabilite or administrateur.
        #[arg(long)]
        role: String,
        /// The agency's code (agents only).
        #[arg(long)]
        agence: Option<String>,
    },
    /// Writes a synthetic ERP export for the import benchmark (bench/import.sh).
    #[command(hide = true)]
    BenchExport {
        folder: std::path::PathBuf,
        #[arg(long, default_value_t = 125_000)]
        accounts: u32,
        #[arg(long, default_value_t = 60)]
        months: u32,
    },
}

/// mimalloc, not glibc's malloc: under load, malloc and free took about 30 %
/// of the server's CPU on a page that runs no query (perf, docs/benchmarks.md).
/// Maintained by Microsoft, the usual choice for Rust servers with many
/// short-lived allocations across threads (version 2, its stable line).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options by their index in its `mimalloc.h` (`mi_option_t`; the
/// same in versions 2 and 3; libmimalloc-sys names only some of them).
const MI_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commit memory as it is used and give freed memory back at once: with the
/// defaults the server started at 88 MB and kept 137 MB after a load run;
/// with these, 43 MB and 64 MB, for the same requests per second.
fn tune_allocator() {
    // SAFETY: sets two process-wide options, before the runtime starts.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, 0);
    }
}

fn main() {
    // Process-wide settings, before the runtime starts its threads.
    server::files::private_umask();
    server::files::return_large_blocks();
    tune_allocator();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(cli_main());
}

async fn cli_main() {
    server::telemetry::init_logs(server::config::json_logs());
    if let Err(message) = run(Cli::parse()).await {
        eprintln!("\nErreur : {message}\n");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Migrate => {
            app::infra::Db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            println!("Base de données à jour.");
            Ok(())
        }
        Command::DemoData => {
            config.allow_demo()?;
            let db = app::infra::Db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let loaded = demo::load(&db, &config.data_dir).await?;
            println!(
                "{}",
                if loaded {
                    "Données de démonstration chargées."
                } else {
                    "Données de démonstration déjà présentes."
                }
            );
            Ok(())
        }
        Command::Import { folder } => import(config, &folder).await,
        Command::StaffAdd {
            email,
            nom,
            role,
            agence,
        } => staff_add(config, &email, &nom, &role, agence.as_deref()).await,
        Command::Export { folder, depuis } => export(config, &folder, depuis.as_deref()).await,
        Command::Retention { dry_run } => retention(config, dry_run).await,
        Command::Backup { file } => {
            let size = server::backup::backup(&config, &file).await?;
            println!("Sauvegarde écrite : {} ({size} octets).", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            server::backup::restore(&config, &file).await?;
            println!("Base restaurée depuis {}.", file.display());
            Ok(())
        }
        Command::BenchExport {
            folder,
            accounts,
            months,
        } => {
            let entries =
                demo::synthetic::write(&folder, accounts, months).map_err(|e| e.to_string())?;
            println!(
                "{accounts} comptes, {entries} écritures dans {}",
                folder.display()
            );
            Ok(())
        }
        Command::Serve { demo } => serve(config, demo).await,
    }
}

async fn import(config: Config, folder: &std::path::Path) -> Result<(), String> {
    let db = app::infra::Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let report = server::import::run(&db, folder, &config.documents_dir(), true).await;
    db.pool.close().await;
    let report = report?;
    print!("{report}");
    println!("Durée : {:.1} s", started.elapsed().as_secs_f64());
    if report.committed {
        Ok(())
    } else {
        Err("des lignes ont été refusées (voir ci-dessus)".into())
    }
}

async fn retention(config: Config, dry: bool) -> Result<(), String> {
    use app::privacy::ssr::retention;
    let db = app::infra::Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let storage = config.storage()?;
    let now = app::infra::now();
    let report = retention::run(&db, &storage, config.retention, now, dry).await;
    db.pool.close().await;
    let report = report.map_err(|e| e.to_string())?;
    println!(
        "{}",
        if dry {
            "Simulation : rien n'est effacé."
        } else {
            "Conservation des données appliquée."
        }
    );
    for (rule, n) in report {
        println!("  {rule} : {n}");
    }
    Ok(())
}

async fn export(
    config: Config,
    folder: &std::path::Path,
    since: Option<&str>,
) -> Result<(), String> {
    use app::back_office::ssr::erp_export;
    let since = since.map(erp_export::day_start).transpose()?;
    let db = app::infra::Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let storage = config.storage()?;
    let done = erp_export::to_folder(&db, &storage, folder, since).await;
    db.pool.close().await;
    let export = done?;
    print!("{}", export.summary());
    println!(
        "Export terminé dans {} (du {} au {}).",
        folder.display(),
        app::infra::paris_time(export.since),
        app::infra::paris_time(export.until)
    );
    Ok(())
}

async fn serve(config: Config, load_demo: bool) -> Result<(), String> {
    let mode = config.mode;
    if load_demo {
        config.allow_demo()?;
    }
    // Demo data first, so that the demo logins work from the first request.
    if load_demo {
        let db = app::infra::Db::connect(&config.database_url)
            .await
            .map_err(|e| e.to_string())?;
        demo::load(&db, &config.data_dir)
            .await
            .map_err(|e| format!("données de démonstration : {e}"))?;
    }
    let running = server::start(config).await?;
    tracing::info!(?mode, url = %running.base_url, "Espace Locataire démarré");
    println!("\n  Espace Locataire : {}\n", running.base_url);
    if load_demo {
        println!(
            "  Compte de démonstration : {} / {}",
            demo::DEMO_EMAIL,
            demo::DEMO_PASSWORD
        );
        let u = &demo::UNREGISTERED[0];
        println!(
            "  Pour essayer l'inscription : compte {}, {} {}, né(e) le {}",
            u.account, u.last_name, u.first_name, u.birth_date
        );
        println!(
            "  Gestion (personnel) : {}/gestion avec {} / {}, code TOTP de la clé {}",
            running.base_url,
            demo::DEMO_STAFF_EMAIL,
            demo::DEMO_STAFF_PASSWORD,
            demo::DEMO_STAFF_TOTP
        );
        println!(
            "  Gestion (comptabilité, fichiers SEPA) : {} / {}, code TOTP de la clé {}",
            demo::DEMO_ACCOUNTING_EMAIL,
            demo::DEMO_STAFF_PASSWORD,
            demo::DEMO_ACCOUNTING_TOTP
        );
        println!("  Mails envoyés : dossier data/outbox (fichiers .eml)\n");
    }
    running.task.await.map_err(|e| e.to_string())
}

async fn staff_add(
    config: Config,
    email: &str,
    name: &str,
    role: &str,
    agency: Option<&str>,
) -> Result<(), String> {
    use app::back_office::ssr::{accounts, staff::Role};
    let role = Role::from_code(role).ok_or("--role : agent, comptabilite ou administrateur")?;
    let password = std::env::var("ESPACE_STAFF_PASSWORD").map_err(
        |_| "ESPACE_STAFF_PASSWORD : le mot de passe du nouveau compte (12 caractères au moins)",
    )?;
    let db = app::infra::Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let created = accounts::create(&db, email, name, role, agency, &password)
        .await
        .map_err(|e| e.to_string())??;
    println!("Compte créé pour {email} ({}).", role.code());
    println!("Second facteur : ajoutez ce compte à une application d'authentification");
    println!("  clé : {}", created.totp_secret);
    println!("  ou l'adresse : {}", created.otpauth_url);
    println!("Codes de secours (usage unique, à conserver hors ligne) :");
    for code in created.recovery_codes {
        println!("  {code}");
    }
    Ok(())
}
