//! `audit export` gives exactly the records each filter selects (CSV parsed back, and JSON);
//! `audit person` lists exactly one person's lookups and refuses invalid numbers.

use std::collections::BTreeMap;

use underlag_audit::AuditKind;
use underlag_domain::Personnummer;
use underlag_test_support::TestDb;

use crate::audit_cli::{AuditCli, Spec, csv_seqs, fill, parse_csv, person};

const ORG1: &str = "2120000142";
const ORG2: &str = "2120000035";

fn anna() -> Personnummer {
    person(1)
}
fn bo() -> Personnummer {
    person(2)
}

fn spec(
    at: &'static str,
    organisation: &'static str,
    case_worker: &'static str,
    case_id: &'static str,
    who: Option<Personnummer>,
    kind: AuditKind,
) -> Spec {
    Spec {
        at,
        organisation,
        case_worker,
        case_id,
        person: who,
        kind,
        protected: false,
    }
}

/// Eight records; local days are Europe/Stockholm (UTC+2 in June, UTC+1 in January).
async fn varied(db: &TestDb) {
    use AuditKind::{Query, Refused};
    let mut protected = spec(
        "2026-06-11T09:00:00Z",
        ORG2,
        "hl-1",
        "EB-3",
        Some(person(3)),
        Query,
    );
    protected.protected = true;
    let specs = [
        spec(
            "2026-06-10T08:00:00Z",
            ORG1,
            "hl-1",
            "EB-1",
            Some(anna()),
            Query,
        ),
        // 00:30 local on 11 June.
        spec(
            "2026-06-10T22:30:00Z",
            ORG1,
            "hl-2",
            "EB-2",
            Some(bo()),
            Query,
        ),
        protected,
        spec(
            "2026-06-11T10:00:00Z",
            ORG1,
            "hl-2",
            "EB-1",
            Some(anna()),
            Refused,
        ),
        spec("2026-06-12T10:00:00Z", ORG2, "hl-1", "", None, Refused),
        // 23:59:59 local on 12 June.
        spec(
            "2026-06-12T21:59:59Z",
            ORG2,
            "hl-2",
            "EB-\"4\",x",
            Some(anna()),
            Query,
        ),
        // 00:00 local on 13 June.
        spec(
            "2026-06-12T22:00:00Z",
            ORG1,
            "hl-1",
            "EB-2",
            Some(bo()),
            Query,
        ),
        spec(
            "2026-01-15T23:30:00Z",
            ORG1,
            "hl-1",
            "=EB-8",
            Some(anna()),
            Query,
        ),
        // An administrative change concerning Anna is no lookup: never in the extracts.
        spec(
            "2026-06-11T12:00:00Z",
            ORG1,
            "admin",
            "EB-1",
            Some(anna()),
            AuditKind::Admin,
        ),
    ];
    fill(db, &specs).await;
}

fn ten_digits(p: &Personnummer) -> String {
    p.ten_digit_form(jiff::Zoned::now().date())
}

async fn each_filter_selects_exactly_its_records(db: &TestDb) {
    varied(db).await;
    let export = |args: &[&str]| {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        csv_seqs(db.audit(&all).ok())
    };
    assert_eq!(export(&[]), (1..=8).collect::<Vec<_>>());
    assert_eq!(
        export(&["--from", "2026-06-11", "--to", "2026-06-12"]),
        vec![2, 3, 4, 5, 6]
    );
    assert_eq!(export(&["--from", "2026-06-13"]), vec![7]);
    assert_eq!(export(&["--to", "2026-06-10"]), vec![1, 8]);
    assert_eq!(export(&["--case-worker", "hl-2"]), vec![2, 4, 6]);
    assert_eq!(
        export(&["--person", &ten_digits(&anna())]),
        vec![1, 4, 6, 8]
    );
    assert_eq!(export(&["--person", bo().expose()]), vec![2, 7]);
    assert_eq!(export(&["--organisation", ORG2]), vec![3, 5, 6]);
    assert_eq!(export(&["--organisation", "212000-0035"]), vec![3, 5, 6]);
    assert_eq!(
        export(&[
            "--case-worker",
            "hl-1",
            "--organisation",
            ORG1,
            "--from",
            "2026-06-10",
            "--to",
            "2026-06-30"
        ]),
        vec![1, 7]
    );
    assert!(export(&["--person", person(50).expose()]).is_empty());
    // Invalid filters are refused, without echoing the value.
    let run = db.audit(&["export", "--organisation", "2120000036"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("2120000036"), "{}", run.stderr);
    assert_eq!(
        db.audit(&["export", "--from", "2026-06-12", "--to", "2026-06-11"])
            .code,
        1
    );
}

async fn csv_and_json_carry_every_column(db: &TestDb) {
    varied(db).await;
    let rows = parse_csv(db.audit(&["export"]).ok());
    assert_eq!(
        rows[0],
        [
            "seq",
            "time_local",
            "time_utc",
            "kind",
            "channel",
            "organisation",
            "case_worker",
            "case_id",
            "purpose",
            "legal_basis",
            "person",
            "period",
            "sources",
            "protected",
            "refusal_reason"
        ]
    );
    let by_seq: BTreeMap<&str, &Vec<String>> =
        rows[1..].iter().map(|r| (r[0].as_str(), r)).collect();
    assert_eq!(
        by_seq["2"][1..],
        [
            "2026-06-11T00:30:00+02:00",
            "2026-06-10T22:30:00Z",
            "query",
            "rest",
            ORG1,
            "hl-2",
            "EB-2",
            "Utredning av rätt till ekonomiskt bistånd",
            "11 kap. 11 § socialtjänstlagen",
            bo().expose(),
            "2025-11-01/2026-10-31",
            "FK=ok;TNS=timed_out",
            "false",
            "",
        ]
    );
    assert_eq!(by_seq["3"][13], "true", "protected identity is flagged");
    assert_eq!(
        (
            &by_seq["5"][3][..],
            &by_seq["5"][10][..],
            &by_seq["5"][11][..],
            &by_seq["5"][14][..]
        ),
        ("refused", "", "", "not_entitled")
    );
    assert_eq!(by_seq["6"][7], "EB-\"4\",x", "quotes and commas survive");
    assert_eq!(by_seq["8"][7], "'=EB-8", "a formula-like cell is defused");
    assert_eq!(by_seq["8"][1], "2026-01-16T00:30:00+01:00");
    assert!(!rows[0].iter().any(|c| c.contains("address")));

    let json: serde_json::Value = serde_json::from_str(
        db.audit(&["export", "--format", "json", "--person", bo().expose()])
            .ok(),
    )
    .unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["seq"], 2);
    assert_eq!(rows[0]["person"], bo().expose());
    assert_eq!(rows[0]["period"]["from"], "2025-11-01");
    assert_eq!(rows[0]["sources"][1]["outcome"], "timed_out");
    assert_eq!(rows[1]["time_local"], "2026-06-13T00:00:00+02:00");
    let empty: serde_json::Value = serde_json::from_str(
        db.audit(&["export", "--format", "json", "--case-worker", "x"])
            .ok(),
    )
    .unwrap();
    assert_eq!(empty, serde_json::json!([]));

    // To a file, readable by its owner only.
    let file = db.path("extract.csv");
    let run = db.audit(&["export", "--output", &file.display().to_string()]);
    assert!(run.ok().is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        db.audit(&["export"]).stdout
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }
}

async fn person_lists_exactly_their_lookups(db: &TestDb) {
    varied(db).await;
    let text = db.audit(&["person", &ten_digits(&anna())]);
    let out = text.ok();
    let seqs: Vec<u64> = out
        .lines()
        .filter_map(|l| l.strip_prefix("seq "))
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(seqs, vec![1, 4, 6, 8], "{out}");
    assert!(out.contains("4 lookups (3 answered, 1 refused)"), "{out}");
    assert!(out.contains("Case worker         hl-2"), "{out}");
    assert!(
        out.contains("Sources             FK ok, TNS timed_out"),
        "{out}"
    );
    assert!(out.contains("Refusal reason      not_entitled"), "{out}");
    let hyphen = format!("{}-{}", &anna().expose()[..8], &anna().expose()[8..]);
    let csv = db.audit(&["person", &hyphen, "--format", "csv"]);
    assert_eq!(csv_seqs(csv.ok()), vec![1, 4, 6, 8]);
    assert!(
        db.audit(&["person", person(3).expose()])
            .ok()
            .contains("Protected identity  yes")
    );
    assert!(
        db.audit(&["person", person(50).expose()])
            .ok()
            .contains("0 lookups")
    );

    // An invalid number is refused, and not repeated back.
    let mut wrong = anna().expose().to_owned();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    for bad in [wrong.as_str(), "19900101", "abcdefghij"] {
        let run = db.audit(&["person", bad]);
        assert_eq!(run.code, 1, "{bad}");
        assert!(
            run.stderr.contains("not a valid personnummer"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains(bad) && !run.stdout.contains(bad));
    }
}

/// A case worker with an escape sequence and a forged line, written straight to the store
/// (the doors refuse such text now), is printed inert by every report.
async fn case_worker_with_escape_prints_neutralised(db: &TestDb) {
    const FORGED: &str = "hl-1\u{1b}[2J\r\nseq 99  forged\u{202e}";
    fill(
        db,
        &[spec(
            "2026-06-10T08:00:00Z",
            ORG1,
            FORGED,
            "=HYPERLINK(\"x\")",
            Some(anna()),
            AuditKind::Query,
        )],
    )
    .await;
    let forbidden =
        |c: char| (c.is_control() && c != '\n') || underlag_domain::free_text::is_bidi_control(c);
    let text = db.audit(&["person", anna().expose()]);
    let out = text.ok();
    assert!(!out.chars().any(forbidden), "{out:?}");
    assert!(!out.lines().any(|l| l.starts_with("seq 99")), "{out}");
    assert!(
        out.contains(
            "Case worker         hl-1\\u{001B}[2J\\u{000D}\\u{000A}seq 99  forged\\u{202E}"
        ),
        "{out}"
    );
    for format in ["csv", "json"] {
        let run = db.audit(&["person", anna().expose(), "--format", format]);
        let out = run.ok();
        assert!(!out.chars().any(forbidden), "{format}: {out:?}");
        assert_eq!(
            out.lines().count(),
            if format == "csv" { 2 } else { 3 },
            "{out}"
        );
    }
    let csv = db.audit(&["export", "--format", "csv"]);
    let rows = parse_csv(csv.ok());
    assert_eq!(rows[1][7], "'=HYPERLINK(\"x\")", "a formula is defused");
    let json = db.audit(&["export", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(
        rows[0]["case_worker"], FORGED,
        "JSON keeps the value, escaped"
    );
}

underlag_test_support::on_both_backends!(
    each_filter_selects_exactly_its_records,
    csv_and_json_carry_every_column,
    person_lists_exactly_their_lookups,
    case_worker_with_escape_prints_neutralised,
);
