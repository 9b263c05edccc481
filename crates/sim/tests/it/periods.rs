//! Independent expectations: which payments an agency answers with for a period, stated as
//! literal dates and amounts instead of computed with the filters the renderers use
//! (`payments_in`, `within`). Survivor of the test audit (issue 16): making the simulator's
//! period end exclusive passed every test, since the expectations came from the same filter.
//!
//! The literals are the all-sources person's (`19860305-2393`) payments in the population for
//! the default reference date (2026-11-01): a-kassa payouts on the 10th of the month after
//! the month they cover (none in January 2026, a suspension), CSN payouts on the 25th, FK
//! aktivitetsstöd on the 26th. Each test asks for a period whose first and last days are
//! payout days, and for the period one day shorter at each end.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jiff::civil::date;
use underlag_domain::{Period, SourceId};

use crate::common::{ask, csn_request, fk_request, so_request, start, text_of, texts_of};
use crate::lefi_types::Svar;

/// The all-sources person of the default population.
const PERSON: &str = "198603052393";

/// The a-kassa's answer for `period`: (`Utbetalningsdatum`, `NettoEfterSkatt`) per payment.
async fn akassa_payouts(sim: &underlag_sim::SimHandle, period: Period) -> Vec<(String, String)> {
    let resp = ask(sim, SourceId::So, so_request(PERSON, &period))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap();
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let xml = String::from_utf16(&units).unwrap();
    texts_of(&xml, "Utbetalningsdatum")
        .into_iter()
        .zip(texts_of(&xml, "NettoEfterSkatt"))
        .collect()
}

/// CSN's answer for `period`: every `utbetdatum`.
async fn csn_payouts(sim: &underlag_sim::SimHandle, period: Period) -> Vec<String> {
    let resp = ask(sim, SourceId::Csn, csn_request(PERSON, &period))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let envelope = resp.text().await.unwrap();
    let svar = STANDARD
        .decode(text_of(&envelope, "svar").unwrap().trim())
        .unwrap();
    texts_of(&String::from_utf8(svar).unwrap(), "utbetdatum")
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(d, a)| ((*d).to_owned(), (*a).to_owned()))
        .collect()
}

#[tokio::test]
async fn akassa_payouts_on_the_first_and_last_day_of_the_period_are_answered() {
    let sim = start().await;
    assert_eq!(
        sim.population().all_sources_person().personnummer.expose(),
        PERSON
    );
    let both_ends = Period::new(date(2025, 11, 10), date(2026, 3, 10)).unwrap();
    assert_eq!(
        akassa_payouts(&sim, both_ends).await,
        pairs(&[
            ("2025-11-10", "14683.20"),
            ("2025-12-10", "1276.80"),
            ("2026-02-10", "11491.20"),
            ("2026-03-10", "12768.00"),
        ])
    );
    let inside = Period::new(date(2025, 11, 11), date(2026, 3, 9)).unwrap();
    assert_eq!(
        akassa_payouts(&sim, inside).await,
        pairs(&[("2025-12-10", "1276.80"), ("2026-02-10", "11491.20")])
    );
    let one_day = Period::new(date(2026, 4, 10), date(2026, 4, 10)).unwrap();
    assert_eq!(
        akassa_payouts(&sim, one_day).await,
        pairs(&[("2026-04-10", "14044.80")])
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn csn_payouts_on_the_first_and_last_day_of_the_period_are_answered() {
    let sim = start().await;
    let both_ends = Period::new(date(2024, 8, 25), date(2024, 10, 25)).unwrap();
    assert_eq!(
        csn_payouts(&sim, both_ends).await,
        ["20240825", "20240925", "20241025"]
    );
    let inside = Period::new(date(2024, 8, 26), date(2024, 10, 24)).unwrap();
    assert_eq!(csn_payouts(&sim, inside).await, ["20240925"]);
    sim.shutdown().await;
}

/// FK's answer for `period`: (`datum`, net `summa`) per effected payment.
async fn fk_payouts(sim: &underlag_sim::SimHandle, period: Period) -> Vec<(String, String)> {
    let resp = ask(sim, SourceId::Fk, fk_request(PERSON, &period))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let svar: Svar = resp.json().await.unwrap();
    svar.formansinformation
        .map(|fi| fi.utbetalningsuppgift)
        .unwrap_or_default()
        .iter()
        .map(|u| {
            (
                u.datum.clone().unwrap_or_default(),
                format!("{:.2}", u.nettobelopp.as_ref().unwrap().summa.unwrap()),
            )
        })
        .collect()
}

/// FK's effected aktivitetsstöd payouts (on the 26th, June to October 2026), the same way:
/// both ends payout days, then one day shorter at each end.
#[tokio::test]
async fn fk_payouts_on_the_first_and_last_day_of_the_period_are_answered() {
    let sim = start().await;
    let both_ends = Period::new(date(2026, 7, 26), date(2026, 9, 26)).unwrap();
    assert_eq!(
        fk_payouts(&sim, both_ends).await,
        pairs(&[
            ("2026-07-26", "7392.00"),
            ("2026-08-26", "7728.00"),
            ("2026-09-26", "7056.00"),
        ])
    );
    let inside = Period::new(date(2026, 7, 27), date(2026, 9, 25)).unwrap();
    assert_eq!(
        fk_payouts(&sim, inside).await,
        pairs(&[("2026-08-26", "7728.00")])
    );
    sim.shutdown().await;
}
