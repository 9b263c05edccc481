//! The repository's `spec/` files compiled into the binary. Every file must be listed here;
//! a test compares this list with the files on disk.

/// Lists `spec/<dir>/<name>.toml` files as (relative name, contents) pairs.
macro_rules! spec_files {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$((
            concat!($dir, "/", $name, ".toml"),
            include_str!(concat!("../../../spec/", $dir, "/", $name, ".toml")),
        )),*]
    };
}

/// The source files, relative to `spec/`.
pub(crate) const SOURCES: &[(&str, &str)] =
    spec_files!("sources": "fk", "af", "csn", "skv", "so", "tns", "miv", "agi", "kfm");

/// The code-list files, relative to `spec/`.
pub(crate) const KODVERK: &[(&str, &str)] = spec_files!("kodverk":
    "af-aktivitetsrapport",
    "af-ersattningstyp",
    "af-sokandekategori",
    "af-statuskod",
    "agi-faltkod",
    "csn-arendestatus",
    "csn-beloppstyp",
    "csn-personstatus",
    "csn-resultatkod",
    "csn-sekretess",
    "csn-soktlan",
    "csn-stodform",
    "csn-takt",
    "csn-utbetstatus",
    "fk-adressroll",
    "fk-arendelista",
    "fk-atgardstyp",
    "fk-beloppstyp",
    "fk-civilstand",
    "fk-ersattning",
    "fk-ersattning-aktivitetsstod",
    "fk-ersattning-foraldrapenning",
    "fk-ersattning-graviditetspenning",
    "fk-ersattning-livranta",
    "fk-ersattning-narstaendepenning",
    "fk-ersattning-tillfalligforaldrapenning",
    "fk-ersattning-underhallsstod",
    "fk-ersattning-vardbidrag",
    "fk-ersattningsniva",
    "fk-foretag",
    "fk-formansgrupp",
    "fk-levnadsintygstatus",
    "fk-periodicitet",
    "fk-program",
    "fk-underlag",
    "fk-utbetalningstyp",
    "kfm-skuldsaneringsstatus",
    "kfm-skuldtyp",
    "kfm-utmatningsstatus",
    "lefi-avvikelse",
    "lefi-ovriginformationstyp",
    "lefi-tillstand",
    "lefi-utlamnare",
    "miv-anledning",
    "miv-arendetyp",
    "miv-beslutskod",
    "miv-beslutstyp",
    "miv-giltighetstid",
    "pm-avdragstyp",
    "pm-beloppsfrekvens",
    "pm-beloppstyp",
    "pm-beslutsstatus",
    "pm-beslutsutfall",
    "pm-civilstand",
    "pm-ersattningstyp",
    "pm-formansgrupp",
    "pm-kontohandelsetyp",
    "pm-levnadsintygstatus",
    "pm-pensionskontotyp",
    "pm-samordningstyp",
    "pm-transaktionstyp",
    "pm-utbetalningsforman",
    "skv-delstatuskod",
    "skv-statuskod",
    "so-fondstatus",
    "ssbt-kalla",
    "tns-fordonsslag",
    "tns-resultat",
);

/// The concept explanations, `spec/begrepp.toml`.
pub(crate) const CONCEPTS: (&str, &str) =
    ("begrepp.toml", include_str!("../../../spec/begrepp.toml"));
