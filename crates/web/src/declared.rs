//! The applications a household's members sent through the applicant portal, for the
//! overview: each as an [`underlag_overview::Declaration`] (costs and incomes "uppgett av
//! sökande" with the time they were declared), and its view for the page. Only applications
//! for the look-up's application month whose applicant is a member of the look-up are shown.

use underlag_applicant::stored::StoredApplication;
use underlag_applicant::{Application, CostKind};
use underlag_overview::{
    DECLARED_BY_APPLICANT, Declaration, DeclaredCost, DeclaredCostKind, DeclaredIncome, Month,
};

use crate::format;
use crate::lookup::Lookup;
use crate::state::WebState;

/// An application as an overview declaration.
pub fn declaration_of(application: &Application) -> Option<Declaration> {
    let d = &application.draft;
    let s = &application.submission;
    Some(Declaration {
        reference: s.reference.to_string(),
        declared_at: s.submitted_at,
        month: Month::parse(&d.month.to_string()).ok()?,
        kind_label: d.kind.label().to_owned(),
        co_applicant: d
            .household
            .co_applicant
            .as_ref()
            .map(|_| s.co_applicant_confirmed_at),
        costs: d
            .costs
            .iter()
            .map(|c| DeclaredCost {
                kind: match c.kind {
                    CostKind::Rent => DeclaredCostKind::Rent,
                    CostKind::Electricity => DeclaredCostKind::Electricity,
                    CostKind::HomeInsurance => DeclaredCostKind::HomeInsurance,
                    CostKind::Travel => DeclaredCostKind::Travel,
                    CostKind::Other => DeclaredCostKind::Other,
                },
                label: if c.note.is_empty() {
                    c.kind.label().to_owned()
                } else {
                    format!("{}: {}", c.kind.label(), c.note)
                },
                amount: c.amount,
            })
            .collect(),
        incomes: d
            .incomes
            .iter()
            .filter_map(|i| {
                Some(DeclaredIncome {
                    person: d.household.person(i.who)?.clone(),
                    code: i.kind.code().to_owned(),
                    label: i.kind.label().to_owned(),
                    payer: i.payer.clone(),
                    amount: i.amount,
                })
            })
            .collect(),
        attachments: d.attachments.iter().map(|a| a.file_name.clone()).collect(),
    })
}

/// A declaration with the id of its application (what its status events are filed under).
#[derive(Debug, Clone)]
pub struct Declared {
    /// The application's id.
    pub application_id: String,
    /// What it declares.
    pub declaration: Declaration,
}

/// The declarations of `lookup`'s members for its application month, newest first; `None`
/// when the store cannot be read (logged; the page says so, and never "none").
pub async fn declarations(state: &WebState, lookup: &Lookup) -> Option<Vec<Declared>> {
    let Some(store) = state.0.applications.get() else {
        return Some(Vec::new());
    };
    let month = lookup.application_month.to_string();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for member in &lookup.members {
        let rows = store
            .applications_of(&member.personnummer)
            .await
            .map_err(|e| tracing::error!(error = %e, "applications could not be read"))
            .ok()?;
        for row in rows {
            if row.applicant != member.personnummer
                || row.month != month
                || row.organisation != state.config().organisation.ten_digits()
                || !seen.insert(row.id.clone())
            {
                continue;
            }
            let application = StoredApplication::parse_json(&row.document)
                .map_err(|e| tracing::error!(error = %e, "a stored application cannot be read"))
                .ok()?;
            out.extend(declaration_of(&application).map(|declaration| Declared {
                application_id: row.id.clone(),
                declaration,
            }));
        }
    }
    out.sort_by_key(|d| std::cmp::Reverse(d.declaration.declared_at));
    Some(out)
}

/// One declared figure as shown.
#[derive(Debug, Clone)]
pub struct DeclaredRowView {
    /// What it is.
    pub label: String,
    /// Whose and from whom (incomes), else empty.
    pub note: String,
    /// The amount.
    pub amount: String,
    /// `uppgett av sökande 2026-12-04 10:15`.
    pub provenance: String,
}

/// One application as shown on the overview.
#[derive(Debug, Clone)]
pub struct DeclarationView {
    /// The reference number.
    pub reference: String,
    /// `Ny ansökan` / `Månadsansökan (återansökan)`.
    pub kind: String,
    /// When it was received.
    pub received: String,
    /// The co-applicant's confirmation, when one is named.
    pub co_applicant: Option<String>,
    /// The costs.
    pub costs: Vec<DeclaredRowView>,
    /// The declared sum of the costs.
    pub total_costs: String,
    /// The incomes.
    pub incomes: Vec<DeclaredRowView>,
    /// The declared sum of the incomes.
    pub total_incomes: String,
    /// The attachments' names.
    pub attachments: Vec<String>,
    /// The case's status events, in the order received.
    pub events: Vec<EventView>,
    /// Whether the events could not be read (the page says so; never "none").
    pub events_unreadable: bool,
}

/// One status event of the case, as posted by the case system.
#[derive(Debug, Clone)]
pub struct EventView {
    /// Its place (1, 2, …).
    pub seq: u64,
    /// The kind's code.
    pub kind: String,
    /// The kind in Swedish.
    pub label: String,
    /// When it happened.
    pub occurred: String,
    /// When Underlag received it.
    pub received: String,
    /// The message to the applicant.
    pub message: String,
    /// For a decision: who decided, and whether the system prepared the calculation.
    pub decision: Option<String>,
}

impl EventView {
    /// The view of a stored event.
    pub fn new(row: &underlag_store::EventRow) -> Self {
        let label = underlag_applicant::status::StatusKind::from_code(&row.kind)
            .map_or_else(|| row.kind.clone(), |k| k.label().to_owned());
        Self {
            seq: row.seq,
            kind: row.kind.clone(),
            label,
            occurred: format::timestamp(row.occurred_at),
            received: format::timestamp(row.received_at),
            message: row.message.clone(),
            decision: row.decided_by.as_ref().map(|who| {
                if row.prepared_by_system {
                    format!("Beräkningen förbereddes av systemet; beslutet fattades av handläggare {who}")
                } else {
                    format!("Beslutet fattades av handläggare {who}")
                }
            }),
        }
    }
}

/// The status events of `application_id`; `None` when they cannot be read (logged).
pub async fn events(state: &WebState, application_id: &str) -> Option<Vec<EventView>> {
    let Some(store) = state.0.consents.get() else {
        return Some(Vec::new());
    };
    store
        .events(application_id)
        .await
        .map(|rows| rows.iter().map(EventView::new).collect())
        .map_err(|e| tracing::error!(error = %e, "status events could not be read"))
        .ok()
}

impl DeclarationView {
    /// The view of `d`; `member_label` names a person as the overview does (Medlem n).
    pub fn new(
        d: &Declaration,
        member_label: impl Fn(&underlag_domain::Personnummer) -> String,
    ) -> Self {
        let received = format::timestamp(d.declared_at);
        let provenance = format!("{DECLARED_BY_APPLICANT} {received}");
        Self {
            reference: d.reference.clone(),
            kind: d.kind_label.clone(),
            co_applicant: d.co_applicant.map(|confirmed| match confirmed {
                Some(t) => format!("bekräftad av medsökande {}", format::timestamp(t)),
                None => "inte bekräftad av medsökande".to_owned(),
            }),
            costs: d
                .costs
                .iter()
                .map(|c| DeclaredRowView {
                    label: c.label.clone(),
                    note: String::new(),
                    amount: format::amount_sv(c.amount),
                    provenance: provenance.clone(),
                })
                .collect(),
            total_costs: format::amount_sv(d.total_costs()),
            incomes: d
                .incomes
                .iter()
                .map(|i| DeclaredRowView {
                    label: i.label.clone(),
                    note: format!("{} · {}", member_label(&i.person), i.payer),
                    amount: format::amount_sv(i.amount),
                    provenance: provenance.clone(),
                })
                .collect(),
            total_incomes: format::amount_sv(d.total_incomes()),
            attachments: d.attachments.clone(),
            received,
            events: Vec::new(),
            events_unreadable: false,
        }
    }
}
