//! The provider suite against the simulated agencies, the seven v10 providers and AGI and
//! Kronofogden alike: every correct agency passes its whole suite; every faulty variant fails
//! it for every source it applies to, with a failing case naming the fault.

use std::collections::BTreeMap;
use std::time::Duration;

use underlag_domain::SourceId;
use underlag_sim::Variant;

use crate::common::{describe, run_suite, start_sim};

#[tokio::test]
async fn every_correct_simulated_agency_passes_its_whole_suite() {
    let sim = start_sim(BTreeMap::new()).await;
    for source in SourceId::ALL {
        let report = run_suite(&sim, source, None).await;
        println!("{source}: {} cases", report.cases.len());
        assert!(report.cases.len() >= 10, "{source}: too few cases");
        assert!(report.all_passed(), "{source}:\n{}", describe(&report));
    }
    sim.sim.shutdown().await;
}

/// One faulty variant per test run, so each agency's failing case is its own.
async fn variant_fails_the_suite(variant: Variant) {
    let sources: Vec<SourceId> = SourceId::ALL
        .into_iter()
        .filter(|s| variant.applies_to(*s))
        .collect();
    let variants = sources.iter().map(|s| (*s, variant)).collect();
    let sim = start_sim(variants).await;
    // The slow variant is judged against a short budget, so the run stays quick.
    let budget = (variant == Variant::SlowBeyondBudget).then(|| Duration::from_millis(300));
    for source in sources {
        let report = run_suite(&sim, source, budget).await;
        assert!(
            !report.all_passed(),
            "{source} in {variant} passed:\n{}",
            describe(&report)
        );
        let named = report
            .failures()
            .any(|c| c.fault == variant.name() && c.message.starts_with(variant.name()));
        assert!(
            named,
            "{source} in {variant}: no failing case names the fault:\n{}",
            describe(&report)
        );
    }
    sim.sim.shutdown().await;
}

#[tokio::test]
async fn wrong_namespace_fails() {
    variant_fails_the_suite(Variant::WrongNamespace).await;
}

#[tokio::test]
async fn missing_required_field_fails() {
    variant_fails_the_suite(Variant::MissingRequiredField).await;
}

#[tokio::test]
async fn code_outside_kodverk_fails() {
    variant_fails_the_suite(Variant::CodeOutsideKodverk).await;
}

#[tokio::test]
async fn wrong_date_format_fails() {
    variant_fails_the_suite(Variant::WrongDateFormat).await;
}

#[tokio::test]
async fn slow_beyond_budget_fails() {
    variant_fails_the_suite(Variant::SlowBeyondBudget).await;
}

#[tokio::test]
async fn http_500_on_ping_fails() {
    variant_fails_the_suite(Variant::Http500OnPing).await;
}

#[tokio::test]
async fn no_match_answered_as_error_fails() {
    variant_fails_the_suite(Variant::NoMatchAsError).await;
}

#[tokio::test]
async fn accepting_requests_without_client_certificate_fails() {
    variant_fails_the_suite(Variant::AcceptsWithoutClientCertificate).await;
}

#[tokio::test]
async fn protected_person_without_marker_fails() {
    variant_fails_the_suite(Variant::ProtectedWithoutMarker).await;
}
