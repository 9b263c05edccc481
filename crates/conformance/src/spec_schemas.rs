//! Underlag's own schemas for the sources without a published contract (`spec/schemas/`: the
//! AGI answer's XSD and Kronofogden's JSON Schema), compiled into the kit so a provider suite
//! needs no copy of the repository's `spec/` folder. A `source.toml` names one with
//! `origin = "spec"`.

/// Every schema of `spec/schemas/`: (file name, text).
pub const SPEC_SCHEMAS: &[(&str, &str)] = &[
    (
        "agi-individuppgifter-1.xsd",
        include_str!("../../../spec/schemas/agi-individuppgifter-1.xsd"),
    ),
    (
        "kfm-galdenarsuppgifter-1.schema.json",
        include_str!("../../../spec/schemas/kfm-galdenarsuppgifter-1.schema.json"),
    ),
];

/// A schema's text by its file name.
pub fn text(name: &str) -> Option<&'static str> {
    SPEC_SCHEMAS
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, text)| *text)
}

/// The file names, for messages.
pub fn names() -> Vec<&'static str> {
    SPEC_SCHEMAS.iter().map(|(name, _)| *name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/schemas");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = names().into_iter().map(str::to_owned).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "update SPEC_SCHEMAS when adding a schema");
        assert!(
            text("agi-individuppgifter-1.xsd").is_some_and(|t| t.contains("IndividuppgifterSvar"))
        );
        assert!(text("../secret").is_none());
    }
}
