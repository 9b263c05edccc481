//! The question echoed in the answer (`fraga`, type `SammansattBastjanstFragaOriginal`) when
//! `fraganSkallInkluderasISvaret` is true. It is written from the checked question, not
//! copied from the request, so it is always schema-valid: values in their canonical form
//! (dates `YYYY-MM-DD`, the 16-prefixed organisationsnummer), unknown elements dropped, and
//! no child elements under a provider that was not included.

use std::io;

use base64::Engine as _;

use underlag_domain::{Period, SourceId};

use crate::request::HamtaFraga;
use crate::xml_write::XmlWriter;

/// Writes `ssbt:fraga`.
pub(crate) fn write_fraga(w: &mut XmlWriter, fraga: &HamtaFraga) -> io::Result<()> {
    w.start("ssbt:fraga", &[])?;
    w.start("ssbt:generellaFrageparametrar", &[])?;
    if let Some(t) = &fraga.frage_tidpunkt {
        w.leaf("ssbt:frageTidpunkt", t)?;
    }
    if let Some(k) = &fraga.korrelationsid {
        w.leaf("ssbt:korrelationsid", k)?;
    }
    w.leaf("ssbt:fraganSkallInkluderasISvaret", &fraga.echo.to_string())?;
    w.start("ssbt:ingivare", &[])?;
    w.leaf(
        "ssbt:organisationsnummer",
        &fraga.organisation.sixteen_form(),
    )?;
    w.leaf("ssbt:namn", &fraga.organisation_name)?;
    w.leaf("ssbt:handlaggare", &fraga.case_worker)?;
    w.end("ssbt:ingivare")?;
    w.leaf("ssbt:personidentitet", fraga.person.expose())?;
    w.leaf("ssbt:arendeidentitet", &fraga.case_id)?;
    write_period(w, &fraga.period)?;
    for p in &fraga.data_processors {
        w.start("ssbt:personuppgiftsbitrade", &[])?;
        if let Some(order) = p.order {
            w.leaf("ssbt:ordningsnummer", &order.to_string())?;
        }
        w.leaf("ssbt:organisationsnummer", &p.organisation.sixteen_form())?;
        w.leaf("ssbt:namn", &p.name)?;
        w.end("ssbt:personuppgiftsbitrade")?;
    }
    w.leaf("ssbt:syfte", &fraga.purpose)?;
    w.leaf("ssbt:lagtext", &fraga.legal_basis)?;
    w.end("ssbt:generellaFrageparametrar")?;

    w.start("ssbt:specifikaFrageparametrar", &[])?;
    for p in &fraga.providers {
        let element = format!("ssbt:{}", p.source.code());
        let inkludera = p.inkludera.to_string();
        w.start(&element, &[("inkludera", &inkludera)])?;
        if p.inkludera {
            if let Some(period) = &p.period {
                write_period(w, period)?;
            }
            // A `lefiJsonFraga` that is not base64 cannot be echoed as `xsd:base64Binary`;
            // `fraga` is optional, so it is left out then.
            let fk = p.fk.as_ref().filter(|fk| {
                base64::engine::general_purpose::STANDARD
                    .decode(fk.lefi_json_fraga.as_bytes())
                    .is_ok()
            });
            if let (SourceId::Fk, Some(fk)) = (p.source, fk) {
                w.start("ssbt:fraga", &[])?;
                if let Some(v) = &fk.version {
                    w.leaf("ssbt:version", v)?;
                }
                w.leaf("ssbt:aktorsid", fk.aktorsid.as_str())?;
                w.leaf("ssbt:lefiJsonFraga", &fk.lefi_json_fraga)?;
                w.end("ssbt:fraga")?;
            }
        }
        w.end(&element)?;
    }
    w.end("ssbt:specifikaFrageparametrar")?;
    w.end("ssbt:fraga")
}

fn write_period(w: &mut XmlWriter, period: &Period) -> io::Result<()> {
    w.start("ssbt:tidsperiod", &[])?;
    w.leaf("ssbt:fromDatum", &period.from().to_string())?;
    w.leaf("ssbt:tomDatum", &period.to().to_string())?;
    w.end("ssbt:tidsperiod")
}
