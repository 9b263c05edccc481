//! The command line of `underlag admin`: connections and cases.

use clap::{Args, Subcommand};

/// `underlag admin …`
#[derive(Debug, Args)]
pub struct AdminArgs {
    /// Who makes the change, for the audit (default: the login name).
    #[arg(long, global = true, env = "UNDERLAG_ADMIN_ACTOR")]
    pub actor: Option<String>,
    /// Create the database when it does not exist (without it, a SQLite path that names no
    /// file is refused and nothing is created).
    #[arg(long, global = true)]
    pub create_database: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: AdminCommand,
}

/// The registry's two parts.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Organisations' connections: identity, certificates, sources, data processors, status.
    #[command(subcommand)]
    Connection(ConnectionCommand),
    /// Cases and their households.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Who changed the registry, what and when, read from the audit chain (oldest first).
    History {
        /// Only changes concerning this organisation (organisationsnummer).
        #[arg(long)]
        organisation: Option<String>,
    },
}

/// `underlag admin connection …`
#[derive(Debug, Subcommand)]
pub enum ConnectionCommand {
    /// Register a new connection (active unless --status says otherwise).
    Add {
        /// The organisationsnummer.
        organisation: String,
        /// The organisation's name.
        #[arg(long)]
        name: String,
        /// The committee and unit that decides ekonomiskt bistånd (nämnd/enhet).
        #[arg(long)]
        unit: String,
        /// Its LEFI actor id towards Försäkringskassan, as Försäkringskassan assigned it
        /// (8-4-4-4-12 hexadecimal digits); the configured one is used when empty.
        #[arg(long, default_value = "")]
        lefi_actor_id: String,
        /// Entitled sources, comma-separated or repeated (default: all).
        #[arg(long = "source", value_delimiter = ',')]
        sources: Vec<String>,
        /// Entitled information types (LEFI groups and the like), repeatable.
        #[arg(long = "information-type")]
        information_types: Vec<String>,
        /// SHA-256 fingerprint of a client certificate (hex, `:` allowed), repeatable.
        #[arg(long = "fingerprint")]
        fingerprints: Vec<String>,
        /// An allowed data processor as `ORGANISATIONSNUMMER=Name`, repeatable.
        #[arg(long = "processor")]
        processors: Vec<String>,
        /// The initial status: active, suspended or ended.
        #[arg(long, default_value = "active")]
        status: String,
    },
    /// Show one connection.
    Show {
        /// The organisationsnummer.
        organisation: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List every connection.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Change the organisation's name.
    SetName {
        /// The organisationsnummer.
        organisation: String,
        /// The new name.
        name: String,
    },
    /// Change the committee and unit that decides ekonomiskt bistånd (nämnd/enhet).
    SetUnit {
        /// The organisationsnummer.
        organisation: String,
        /// The new committee and unit.
        unit: String,
    },
    /// Set the LEFI actor id used towards Försäkringskassan (in force for the next query).
    SetLefiActorId {
        /// The organisationsnummer.
        organisation: String,
        /// The actor id Försäkringskassan assigned: 8-4-4-4-12 hexadecimal digits, e.g.
        /// 9255f428-4ba0-63ce-5407-e65d469fac0f.
        lefi_actor_id: String,
    },
    /// Remove the connection's LEFI actor id: the configured one is used again.
    RemoveLefiActorId {
        /// The organisationsnummer.
        organisation: String,
    },
    /// Add an information type (a LEFI group code, e.g. FK:BOB) the connection may receive.
    AddInformationType {
        /// The organisationsnummer.
        organisation: String,
        /// The information type.
        information_type: String,
    },
    /// Remove an information type from the connection.
    RemoveInformationType {
        /// The organisationsnummer.
        organisation: String,
        /// The information type, as registered.
        information_type: String,
    },
    /// Suspend a connection: its queries are refused until it is activated again.
    Suspend {
        /// The organisationsnummer.
        organisation: String,
    },
    /// Activate a suspended (or ended) connection.
    Activate {
        /// The organisationsnummer.
        organisation: String,
    },
    /// End a connection (the agreement has ended).
    End {
        /// The organisationsnummer.
        organisation: String,
    },
    /// Replace the sources a connection is entitled to.
    SetSources {
        /// The organisationsnummer.
        organisation: String,
        /// The sources, comma-separated or repeated.
        #[arg(long = "source", value_delimiter = ',', required = true)]
        sources: Vec<String>,
    },
    /// Register the legal basis (lagrum) a connection holds for a source that needs one
    /// besides the agreement (AGI, KFM); replaces one registered already.
    SetLegalBasis {
        /// The organisationsnummer.
        organisation: String,
        /// The source (AGI or KFM).
        #[arg(long)]
        source: String,
        /// The legal basis, as cited (e.g. the law and its proposition).
        #[arg(long = "legal-basis")]
        legal_basis: String,
    },
    /// Remove the legal basis a connection holds for a source.
    RemoveLegalBasis {
        /// The organisationsnummer.
        organisation: String,
        /// The source (AGI or KFM).
        #[arg(long)]
        source: String,
    },
    /// Register a client certificate fingerprint for a connection.
    AddFingerprint {
        /// The organisationsnummer.
        organisation: String,
        /// SHA-256 of the certificate's DER, hex (`:` separators allowed).
        fingerprint: String,
    },
    /// Remove a client certificate fingerprint from a connection.
    RemoveFingerprint {
        /// The organisationsnummer.
        organisation: String,
        /// The fingerprint.
        fingerprint: String,
    },
    /// Allow a data processor (personuppgiftsbiträde) for a connection.
    AddProcessor {
        /// The organisationsnummer.
        organisation: String,
        /// The data processor's organisationsnummer.
        processor: String,
        /// The data processor's name.
        #[arg(long)]
        name: String,
    },
    /// Withdraw a data processor from a connection.
    RemoveProcessor {
        /// The organisationsnummer.
        organisation: String,
        /// The data processor's organisationsnummer.
        processor: String,
    },
    /// Register a free-text syfte the connection's case system sends (the v10 drop-in),
    /// mapped to a purpose code; registering a text again changes its purpose.
    AddSyfte {
        /// The organisationsnummer.
        organisation: String,
        /// The text as the case system sends it (case and spacing are ignored), or a
        /// pattern: `*` any run of characters, `?` one character (`Utredning*`).
        pattern: String,
        /// The purpose code it stands for (one of `[[binding.purposes]]`).
        #[arg(long)]
        purpose: String,
    },
    /// List a connection's registered syfte texts and their purposes.
    ListSyfte {
        /// The organisationsnummer.
        organisation: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a registered syfte text or pattern (as registered).
    RemoveSyfte {
        /// The organisationsnummer.
        organisation: String,
        /// The text or pattern, as registered.
        pattern: String,
    },
}

/// `underlag admin case …`
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Register a case with its household.
    Open {
        /// The organisationsnummer.
        organisation: String,
        /// The case id.
        case_id: String,
        /// A person in the household (personnummer or samordningsnummer), repeatable.
        #[arg(long = "person", required = true)]
        persons: Vec<String>,
    },
    /// List cases (without their households): id, status, opened and closed, household size.
    List {
        /// Only this organisation's cases (organisationsnummer).
        #[arg(long)]
        organisation: Option<String>,
        /// Only open cases.
        #[arg(long, conflicts_with = "closed")]
        open: bool,
        /// Only closed cases.
        #[arg(long)]
        closed: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Reopen a closed case: queries may be made for it again.
    Reopen {
        /// The organisationsnummer.
        organisation: String,
        /// The case id.
        case_id: String,
    },
    /// Close a case: no query may be made for it any more.
    Close {
        /// The organisationsnummer.
        organisation: String,
        /// The case id.
        case_id: String,
    },
    /// Show a case and its household.
    Show {
        /// The organisationsnummer.
        organisation: String,
        /// The case id.
        case_id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Add a person to a case's household.
    AddPerson {
        /// The organisationsnummer.
        organisation: String,
        /// The case id.
        case_id: String,
        /// The person (personnummer or samordningsnummer).
        person: String,
    },
    /// Remove a person from a case's household.
    RemovePerson {
        /// The organisationsnummer.
        organisation: String,
        /// The case id.
        case_id: String,
        /// The person (personnummer or samordningsnummer).
        person: String,
    },
}
