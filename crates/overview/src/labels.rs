//! Swedish names of the sources and payers, as the case worker reads them.

use underlag_domain::SourceId;

/// The source's name in a sentence such as "Försäkringskassan svarade inte".
///
/// FK is the LEFI service of Försäkringskassan, which also carries Pensionsmyndigheten's data;
/// its failure is named after Försäkringskassan, which runs it.
pub fn source_label(source: SourceId) -> &'static str {
    source.descriptor().label_sv
}

/// The source's full name, for headings and the per-source list: FK reads "Försäkringskassan
/// och Pensionsmyndigheten (via LEFI)".
pub fn source_heading(source: SourceId) -> &'static str {
    match source {
        SourceId::Fk => "Försäkringskassan och Pensionsmyndigheten (via LEFI)",
        other => source_label(other),
    }
}

/// Who paid, in Swedish: the payer a payment names (`FK`, `PM`, `CSN`, an a-kassa's name),
/// else the source. Pensionsmyndigheten's payments reach Underlag through LEFI and say so.
pub fn payer_label(source: SourceId, payer: &str) -> String {
    match (source, payer.trim()) {
        (SourceId::Fk, "PM") => "Pensionsmyndigheten (via LEFI)".to_owned(),
        (SourceId::Fk, "FK" | "") => "Försäkringskassan".to_owned(),
        (SourceId::Csn, _) => "CSN".to_owned(),
        (SourceId::Skv, _) => "Skatteverket".to_owned(),
        (SourceId::So, "") => source_label(SourceId::So).to_owned(),
        (SourceId::So, fund) => fund.to_owned(),
        (other, "") => source_label(other).to_owned(),
        (_, other) => other.to_owned(),
    }
}

/// Whether a source can carry incomes or benefits paid to the person: FK (with PM), CSN, SKV
/// (tax-account payouts), the a-kassor and AGI (earned income declared by employers). AF decides aktivitetsstöd but FK pays it;
/// Transportstyrelsen and Migrationsverket carry no money. Only these sources can make a
/// month's total incomplete.
pub fn carries_income(source: SourceId) -> bool {
    matches!(
        source,
        SourceId::Fk | SourceId::Csn | SourceId::Skv | SourceId::So | SourceId::Agi
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_has_a_swedish_label_and_fk_names_pensionsmyndigheten_via_lefi() {
        for source in SourceId::ALL {
            assert!(!source_label(source).is_empty());
        }
        assert_eq!(
            source_heading(SourceId::Fk),
            "Försäkringskassan och Pensionsmyndigheten (via LEFI)"
        );
        assert_eq!(
            payer_label(SourceId::Fk, "PM"),
            "Pensionsmyndigheten (via LEFI)"
        );
        assert_eq!(payer_label(SourceId::Fk, "FK"), "Försäkringskassan");
        assert_eq!(
            payer_label(SourceId::So, "Unionens arbetslöshetskassa"),
            "Unionens arbetslöshetskassa"
        );
    }

    #[test]
    fn only_money_sources_carry_income() {
        let carrying: Vec<_> = SourceId::ALL
            .into_iter()
            .filter(|s| carries_income(*s))
            .collect();
        assert_eq!(
            carrying,
            vec![
                SourceId::Csn,
                SourceId::Fk,
                SourceId::Skv,
                SourceId::So,
                SourceId::Agi
            ]
        );
    }
}
