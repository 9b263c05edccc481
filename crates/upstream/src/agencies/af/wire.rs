//! Arbetsförmedlingen's wire format: the `FragaMeddelande` request and the mapping of
//! `SvarMeddelande` to person, job seeker and decisions.

use underlag_domain::model::{
    ActivityReport, ActivityReportStatus, Decision, DecisionStatus, JobSeeker, Notice, PersonInfo,
    ProtectionKind, ProtectionMarker, SourceData,
};
use underlag_domain::{Severity, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper};
use crate::xml_write::XmlWriter;

const NS: &str = "http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2";

/// Code list of `StatusSokandeinformationKod`.
pub(crate) const STATUSKOD: &str = "af-statuskod";
/// Code list of activity-report codes.
pub(crate) const AKTIVITETSRAPPORT: &str = "af-aktivitetsrapport";
/// Code list of compensation types in AF's decisions.
pub(crate) const ERSATTNINGSTYP: &str = "af-ersattningstyp";
/// Code list of applicant categories.
pub(crate) const SOKANDEKATEGORI: &str = "af-sokandekategori";

/// The `FragaMeddelande` document: everything included, the period and the asker.
pub(crate) fn request(request: &SourceRequest) -> String {
    let context = &request.context;
    let mut w = XmlWriter::new();
    w.open("FragaMeddelande", &[("xmlns", NS)])
        .empty(
            "Inkludera",
            &[
                ("ArbetssokandeInfo", "true"),
                ("AkasseInfo", "true"),
                ("BeslutInfo", "true"),
            ],
        )
        .open("Fraga", &[])
        .leaf(
            "OrganisationsnummerForIngivare",
            &context.organisation.sixteen_form(),
        )
        .leaf("NamnPaIngivare", &context.organisation_name)
        .leaf("KontonamnForHandlaggare", &context.case_worker)
        .leaf("Referensnummer", &context.query_id)
        .leaf("From", &request.period.from().to_string())
        .leaf("Tom", &request.period.to().to_string())
        .leaf("SyfteMedFraga", &context.purpose)
        .leaf("LagParagraf", &context.legal_basis);
    // The schema carries one data processor; the first one stands for all.
    if let Some(processor) = context.data_processors.first() {
        w.leaf(
            "OrganisationsnummerForPersonuppgiftsbitrade",
            &processor.organisation.sixteen_form(),
        )
        .leaf("NamnPaPersonuppgiftsbitrade", &processor.name);
    }
    w.leaf("IdentitetsbeteckningFysiskPerson", request.person.expose());
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}", w.finish())
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Af, root, |m, at| {
        let Some(svar) = at.child("Svar") else {
            m.problem(at.join("Svar"), Severity::Error, "the answer has no Svar");
            return Verdict::NoMatch;
        };
        let identity = svar
            .text_of("IdentitetsbeteckningFysiskPerson")
            .and_then(|t| m.identity(svar.join("IdentitetsbeteckningFysiskPerson"), t));
        let status = svar
            .text_of("StatusSokandeinformationKod")
            .unwrap_or_default();
        let status_text = svar.text_of("StatusSokandeinformationKodText");
        match status {
            "0" => Verdict::data(map(m, &svar, identity)),
            "1" => Verdict::NoMatch,
            code => Verdict::SourceError {
                code: code.to_owned(),
                message: status_text
                    .map(str::to_owned)
                    .or_else(|| m.label(STATUSKOD, code))
                    .unwrap_or_else(|| "Arbetsförmedlingen could not answer".to_owned()),
            },
        }
    })
}

fn map(
    m: &mut Mapper<'_>,
    svar: &At<'_>,
    identity: Option<underlag_domain::Personnummer>,
) -> SourceData {
    let mut protection = Vec::new();
    if m.boolean(svar, "Sekretessmarkering") == Some(true) {
        protection.push(ProtectionMarker {
            source: SourceId::Af,
            kind: ProtectionKind::Sekretessmarkering,
            field: "Sekretessmarkering".to_owned(),
        });
    }
    let mut data = SourceData {
        person: Some(PersonInfo {
            identity,
            given_name: svar.text_of("Fornamn").map(str::to_owned),
            family_name: svar.text_of("Efternamn").map(str::to_owned),
            protection,
            ..PersonInfo::default()
        }),
        ..SourceData::default()
    };
    data.job_seeker = job_seeker(m, svar, &mut data.notices);
    if let Some(decisions) = svar
        .child("BeslutInfo")
        .and_then(|b| b.child("EkonomiskaBeslut"))
    {
        for beslut in decisions.children("Beslut") {
            data.decisions.push(decision(m, &beslut));
        }
    }
    data
}

fn job_seeker(m: &mut Mapper<'_>, svar: &At<'_>, notices: &mut Vec<Notice>) -> Option<JobSeeker> {
    let fund = svar.text_of("Akassetillhorighet").map(str::to_owned);
    let Some(info) = svar.child("ArbetssokandeInfo") else {
        return fund.map(|fund| JobSeeker {
            registered: false,
            category: None,
            registered_on: None,
            deregistered_on: None,
            extent_percent: None,
            activity_report: None,
            unemployment_fund: Some(fund),
        });
    };
    let registered_on = m.date(&info, "ArbetssokandeRegistrerad");
    let deregistered_on = m.date(&info, "ArbetssokandeAvaktualiserad");
    let registered = m
        .boolean(&info, "Arbetssokande")
        .unwrap_or(registered_on.is_some() && deregistered_on.is_none());
    Some(JobSeeker {
        registered,
        category: info
            .text_of("ArbetssokandeSKAT")
            .map(|c| m.code(SOKANDEKATEGORI, c, None)),
        registered_on,
        deregistered_on,
        extent_percent: m.integer(&info, "ArbetssokandeOmfattning"),
        activity_report: activity_report(m, &info, notices),
        unemployment_fund: fund,
    })
}

fn activity_report(
    m: &mut Mapper<'_>,
    info: &At<'_>,
    notices: &mut Vec<Notice>,
) -> Option<ActivityReport> {
    let report = info.child("AktivetetsRapportDatum")?;
    let code = report.text_of("AktivitetsRapportMeddelande")?.to_owned();
    let status = ActivityReportStatus::from_code(&code);
    if status != ActivityReportStatus::Submitted {
        let fallback = match status {
            ActivityReportStatus::NotInSystem => "Finns inte i aktivitetsrapporteringen",
            ActivityReportStatus::NotSubmitted => "Aktivitetsrapport ej inlämnad",
            ActivityReportStatus::TechnicalError => "Tekniskt fel hos Arbetsförmedlingen",
            _ => "Okänd status för aktivitetsrapport",
        };
        notices.push(Notice {
            text: m
                .label(AKTIVITETSRAPPORT, &code)
                .unwrap_or_else(|| fallback.to_owned()),
            code: code.clone(),
            concerns: Some("AktivetetsRapportDatum".to_owned()),
        });
    }
    Some(ActivityReport {
        status,
        code,
        latest_on: m.date(&report, "SenasteAktivitetsRapportDatum"),
    })
}

fn decision(m: &mut Mapper<'_>, beslut: &At<'_>) -> Decision {
    let benefit = beslut.text_of("ErsattningTyp").unwrap_or_default();
    let mut d = Decision::new(
        m.code(ERSATTNINGSTYP, benefit, None),
        DecisionStatus::Granted,
        "AF",
    );
    d.period = m.period(beslut, "BeslutFrom", "BeslutTom");
    d.extent_percent = m.decimal(beslut, "Omfattning");
    d
}
