//! What the application pages show, as display strings: an application (being written, or
//! sent with its receipt) in plain Swedish, and "today" in Sweden.

use jiff::civil::Date;
use underlag_applicant::{Application, ApplicationDraft, Declarant, Submission};
use underlag_domain::Personnummer;
use underlag_web::format::{amount_sv, personnummer, timestamp};

/// Today's date in Sweden.
pub fn today() -> Date {
    underlag_service::clock::today_in_sweden()
}

/// One row of a table of amounts: what, a note, how much.
#[derive(Debug, Clone)]
pub struct AmountRow {
    /// What it is.
    pub label: String,
    /// Whose, or what for (may be empty).
    pub note: String,
    /// The amount, `6 500,00 kr`.
    pub amount: String,
}

/// An attachment as listed.
#[derive(Debug, Clone)]
pub struct AttachmentRowView {
    /// Its id.
    pub id: String,
    /// The file name.
    pub file_name: String,
    /// `PDF, 12 kB`.
    pub description: String,
}

/// A sent application's receipt facts.
#[derive(Debug, Clone)]
pub struct ReceiptView {
    /// The id.
    pub id: String,
    /// The reference number.
    pub reference: String,
    /// When it was received, Swedish time.
    pub submitted_at: String,
    /// The co-applicant's confirmation: `None` without a co-applicant, else the time or
    /// "väntar".
    pub co_applicant_status: Option<String>,
}

/// An application as shown to the applicant.
#[derive(Debug, Clone)]
pub struct ApplicationView {
    /// `Ny ansökan` / `Månadsansökan (återansökan)`.
    pub kind: &'static str,
    /// `december 2026`.
    pub month: String,
    /// (role, personnummer) per member.
    pub household: Vec<(&'static str, String)>,
    /// The costs.
    pub costs: Vec<AmountRow>,
    /// The sum of the costs.
    pub total_costs: String,
    /// The declared incomes.
    pub incomes: Vec<AmountRow>,
    /// The sum of the incomes.
    pub total_incomes: String,
    /// Other information (may be empty).
    pub other_information: String,
    /// The attachments.
    pub attachments: Vec<AttachmentRowView>,
    /// The receipt, once sent.
    pub receipt: Option<ReceiptView>,
    /// Whether the viewer is the co-applicant (not the one who wrote it).
    pub viewer_is_co_applicant: bool,
}

impl ApplicationView {
    /// The view of `draft` for `viewer`, with the receipt of `submission` when sent.
    pub fn of_draft(
        draft: &ApplicationDraft,
        viewer: &Personnummer,
        submission: Option<&Submission>,
    ) -> Self {
        let mut household = vec![("Sökande", personnummer(draft.household.applicant.expose()))];
        if let Some(co) = &draft.household.co_applicant {
            household.push(("Medsökande", personnummer(co.expose())));
        }
        let receipt = submission.map(|s| ReceiptView {
            id: s.id.clone(),
            reference: s.reference.to_string(),
            submitted_at: timestamp(s.submitted_at),
            co_applicant_status: draft.household.co_applicant.as_ref().map(|_| {
                match s.co_applicant_confirmed_at {
                    Some(t) => format!("Bekräftad {}", timestamp(t)),
                    None => "Väntar på medsökandes bekräftelse".to_owned(),
                }
            }),
        });
        Self {
            kind: draft.kind.label(),
            month: draft.month.label(),
            household,
            costs: draft
                .costs
                .iter()
                .map(|c| AmountRow {
                    label: c.kind.label().to_owned(),
                    note: c.note.clone(),
                    amount: amount_sv(c.amount),
                })
                .collect(),
            total_costs: amount_sv(draft.total_costs()),
            incomes: draft
                .incomes
                .iter()
                .map(|i| AmountRow {
                    label: i.kind.label().to_owned(),
                    note: format!(
                        "{}: {}",
                        match i.who {
                            Declarant::Applicant => "Sökande",
                            Declarant::CoApplicant => "Medsökande",
                        },
                        i.payer
                    ),
                    amount: amount_sv(i.amount),
                })
                .collect(),
            total_incomes: amount_sv(draft.total_incomes()),
            other_information: draft.other_information.clone(),
            attachments: draft
                .attachments
                .iter()
                .map(|a| AttachmentRowView {
                    id: a.id.clone(),
                    file_name: a.file_name.clone(),
                    description: format!("{}, {}", a.kind.label(), a.size_label()),
                })
                .collect(),
            receipt,
            viewer_is_co_applicant: draft.household.co_applicant.as_ref() == Some(viewer),
        }
    }

    /// The view of a sent application for `viewer`.
    pub fn of(application: &Application, viewer: &Personnummer) -> Self {
        Self::of_draft(&application.draft, viewer, Some(&application.submission))
    }
}
