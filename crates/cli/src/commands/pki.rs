//! `underlag pki init`: writes a development PKI (a CA, a loopback server certificate, a
//! municipality's organisation certificate, the gateway's client certificate, an empty CRL and
//! a configuration file) so mTLS can be tried locally. Not for production.

use std::path::PathBuf;

use anyhow::Context;
use underlag_domain::Organisationsnummer;

/// `underlag pki …`.
#[derive(Debug, Clone, clap::Args)]
pub struct PkiArgs {
    #[command(subcommand)]
    command: PkiCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
enum PkiCommand {
    /// Write a development PKI and a configuration enabling `[tls]`.
    Init {
        /// The folder to write to (created if missing).
        #[arg(long)]
        dir: PathBuf,
        /// The municipality's organisationsnummer (its certificate's serialNumber).
        #[arg(long, default_value = "2120000142")]
        organisation: String,
        /// The municipality's name (its certificate's CN and O).
        #[arg(long, default_value = "Exempelkommun")]
        name: String,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
}

/// Runs `underlag pki …`.
pub fn run(args: PkiArgs) -> anyhow::Result<()> {
    match args.command {
        PkiCommand::Init {
            dir,
            organisation,
            name,
            force,
        } => {
            let organisation = Organisationsnummer::parse(&organisation)
                .with_context(|| format!("--organisation {organisation}"))?;
            let pki =
                underlag_tls::pki::write_dev_pki(&dir, &name, organisation.ten_digits(), force)?;
            println!("{}", summary(&pki, organisation.ten_digits()));
            Ok(())
        }
    }
}

fn summary(pki: &underlag_tls::pki::DevPki, organisation: &str) -> String {
    format!(
        "Development PKI written to {dir} (not for production):\n\n\
         \x20 ca.pem                  the CA: trusted for client certificates, and curl --cacert\n\
         \x20 server.pem, server-key.pem          the gateway's certificate for localhost and 127.0.0.1\n\
         \x20 kommun.pem, kommun-key.pem          a municipality's organisation certificate\n\
         \x20 gateway-client.pem, gateway-client-key.pem   the gateway's client certificate towards agencies\n\
         \x20 crl.pem                 an empty CRL\n\
         \x20 underlag-mtls.toml      [tls] enabled with these files\n\n\
         The municipality certificate's SHA-256 fingerprint (for the connection registry):\n\
         \x20 {fingerprint}\n\n\
         Run the demo over mTLS:\n\
         \x20 underlag demo --config {config}\n\n\
         Then call it with the municipality's certificate:\n\
         \x20 curl --cert {cert} --key {key} --cacert {ca} https://127.0.0.1:8080/api/v1/sources\n\n\
         Queries are checked against the organisation's connection; register the fingerprint:\n\
         \x20 underlag admin connection add-fingerprint {organisation} {fingerprint}\n",
        dir = pki.dir.display(),
        fingerprint = pki.kommun_sha256,
        config = pki.config.display(),
        cert = pki.kommun_cert.display(),
        key = pki.kommun_key.display(),
        ca = pki.ca.display(),
    )
}
