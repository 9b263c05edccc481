//! The per-agency connection cap (`query.max_connections_per_agency`): however many calls are
//! made at once, no more than the cap are in progress towards one agency, over no more than
//! that many connections, and every call is still answered.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use tokio::sync::watch;
use underlag_domain::SourceId;
use underlag_upstream::{AgencyEndpoint, Endpoints, adapter};

use crate::common::*;

/// What the agency saw.
#[derive(Default)]
struct Seen {
    /// Requests being handled now.
    in_progress: usize,
    /// The most requests handled at once.
    most: usize,
    /// Requests arrived so far.
    arrived: usize,
    /// The client's addresses: one per connection.
    connections: HashSet<SocketAddr>,
}

#[derive(Clone)]
struct Agency {
    seen: Arc<Mutex<Seen>>,
    /// The number of requests that have arrived, for the handlers to wait on.
    arrived: watch::Sender<usize>,
    /// A request is answered once this many have arrived (or were ever going to arrive).
    hold_until: usize,
}

async fn handle(
    State(agency): State<Agency>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    let arrived = {
        let mut seen = agency.seen.lock().unwrap();
        seen.in_progress += 1;
        seen.most = seen.most.max(seen.in_progress);
        seen.arrived += 1;
        seen.connections.insert(peer);
        seen.arrived
    };
    agency.arrived.send_replace(arrived);
    // Hold the request until `hold_until` requests have arrived, so the calls overlap.
    let mut rx = agency.arrived.subscribe();
    rx.wait_for(|n| *n >= agency.hold_until).await.unwrap();
    agency.seen.lock().unwrap().in_progress -= 1;
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, agency_content_type(SourceId::Tns))],
        agency_body(SourceId::Tns),
    )
        .into_response()
}

/// Makes `calls` concurrent calls to TNS capped at `cap`; returns (most at once, connections).
async fn run(calls: usize, cap: usize) -> (usize, usize) {
    let (arrived, _) = watch::channel(0);
    let agency = Agency {
        seen: Arc::new(Mutex::new(Seen::default())),
        arrived,
        hold_until: cap.min(calls),
    };
    let router = Router::new()
        .fallback(any(handle))
        .with_state(agency.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    let mut endpoints = Endpoints::new();
    endpoints.insert(
        SourceId::Tns,
        AgencyEndpoint::new(format!("http://{address}/")).with_max_connections(cap),
    );
    let tns = adapter(&endpoints, SourceId::Tns, spec()).unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..calls {
        let tns = tns.clone();
        tasks.spawn(async move { tns.fetch(&request()).await });
    }
    while let Some(answer) = tasks.join_next().await {
        drop(expect_ok(answer.unwrap().unwrap().outcome));
    }
    let seen = agency.seen.lock().unwrap();
    assert_eq!(seen.arrived, calls);
    (seen.most, seen.connections.len())
}

#[tokio::test]
async fn calls_beyond_the_cap_wait_for_a_connection_and_are_all_answered() {
    let (most, connections) = run(12, 3).await;
    assert_eq!(most, 3, "three calls at once, never more");
    assert!(connections <= 3, "{connections} connections");
}

#[tokio::test]
async fn below_the_cap_every_call_runs_at_once() {
    let (most, connections) = run(12, 512).await;
    assert_eq!(most, 12);
    assert_eq!(connections, 12);
}

#[test]
fn a_cap_of_zero_counts_as_one() {
    assert_eq!(
        AgencyEndpoint::new("http://127.0.0.1:1/")
            .with_max_connections(0)
            .max_connections,
        1
    );
    assert_eq!(
        AgencyEndpoint::new("http://127.0.0.1:1/").max_connections,
        underlag_upstream::DEFAULT_MAX_CONNECTIONS
    );
}
