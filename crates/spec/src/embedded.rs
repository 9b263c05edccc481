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
    spec_files!("sources": "fk", "af", "csn", "skv", "so", "tns", "miv");

/// The code-list files, relative to `spec/`.
pub(crate) const KODVERK: &[(&str, &str)] = spec_files!("kodverk":
    "af-aktivitetsrapport",
    "af-ersattningstyp",
    "af-sokandekategori",
    "af-statuskod",
    "csn-arendestatus",
    "csn-beloppstyp",
    "csn-personstatus",
    "csn-resultatkod",
    "csn-sekretess",
    "csn-stodform",
    "csn-utbetstatus",
    "fk-adressroll",
    "fk-beloppstyp",
    "fk-civilstand",
    "fk-ersattning",
    "fk-ersattning-aktivitetsstod",
    "fk-ersattning-foraldrapenning",
    "fk-ersattning-underhallsstod",
    "fk-foretag",
    "fk-formansgrupp",
    "fk-periodicitet",
    "fk-utbetalningstyp",
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
    "pm-beslutsstatus",
    "pm-beslutsutfall",
    "pm-ersattningstyp",
    "pm-formansgrupp",
    "skv-statuskod",
    "so-fondstatus",
    "tns-fordonsslag",
    "tns-resultat",
);
