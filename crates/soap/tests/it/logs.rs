//! No personal data reaches the logs: everything the endpoint, the core, the adapters and
//! the simulated agencies log at every level while answering SOAP calls — full answers,
//! faults naming fields, the ping, a LEFI request — holds no identity number or name.

use underlag_domain::SourceId;
use underlag_test_support::{Doorway, Logs};

use crate::app::{self, ACTOR, alone};
use crate::envelopes::{Fraga, testa};

#[test]
fn no_identity_number_or_name_is_logged() {
    // Alone: tracing's callsite interest cache is global, and other tests' threads would
    // race with this thread's subscriber.
    if !alone("logs::no_identity_number_or_name_is_logged") {
        return;
    }
    let captured = Logs::default();
    let subscriber = captured.subscriber(tracing::Level::TRACE);
    // A current-thread runtime: every task runs on this thread, under this subscriber.
    let persons = tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let stack = app::start().await;
            let population = stack.sim.population();
            let person = population.all_sources_person();
            let pnr = person.personnummer.expose().to_owned();
            let period = stack.two_years();
            let mut fraga = Fraga::new(&pnr, period);
            fraga.echo = true;
            assert_eq!(stack.soap_call(&fraga.envelope()).await.status, 200);
            let wrong = format!("{}{}", &pnr[..11], (pnr.as_bytes()[11] - b'0' + 1) % 10);
            assert_eq!(
                stack
                    .soap_call(&Fraga::new(&wrong, period).envelope())
                    .await
                    .status,
                500
            );
            let lefi = serde_json::json!({
                "personnummer": pnr,
                "period": { "from": period.0.to_string(), "tom": period.1.to_string() },
                "ovrigInformation": ["FK:GEPI"]
            });
            let fraga = Fraga::new(&pnr, period)
                .only(&[SourceId::Fk])
                .with_lefi(ACTOR, &lefi);
            assert_eq!(stack.soap_call(&fraga.envelope()).await.status, 200);
            assert_eq!(stack.soap_call(&testa()).await.status, 200);
            vec![
                (
                    pnr.clone(),
                    person.given_name.clone(),
                    person.family_name.clone(),
                ),
                (wrong, String::new(), String::new()),
            ]
        })
    });
    let logs = captured.text();
    assert!(
        logs.contains("SOAP call answered"),
        "the endpoint logs: {logs}"
    );
    assert!(logs.contains("SOAP fault"), "faults are logged");
    assert!(logs.contains("agency call"), "the adapters log too");
    assert!(
        logs.contains("composite query answered"),
        "the core logs too"
    );
    for (pnr, given, family) in persons {
        for form in [pnr.as_str(), &pnr[2..]] {
            assert!(!logs.contains(form), "an identity number is logged");
        }
        for name in [given, family].iter().filter(|n| !n.is_empty()) {
            assert!(!logs.contains(name.as_str()), "a name is logged");
        }
    }
}
