//! Opening a SOAP 1.1 envelope: the envelope namespace, `mustUnderstand` headers, exactly
//! one element in `Body`, and the operation named by that element (document/literal
//! dispatch; the `SOAPAction` header is not needed).

use roxmltree::{Document, Node};
use underlag_catalogue::Code;

use crate::contract::{SOAP_ENV_NS, SOAP12_ENV_NS, SSBT_NS};
use crate::fault::{Fault, FaultCode, Felkod, Operation};

/// The operation asked for and its request element.
pub(crate) fn open<'a, 'i>(doc: &'a Document<'i>) -> Result<(Operation, Node<'a, 'i>), Fault> {
    let envelope = doc.root_element();
    let ns = envelope.tag_name().namespace();
    if envelope.tag_name().name() != "Envelope" || ns != Some(SOAP_ENV_NS) {
        let message = if ns == Some(SOAP12_ENV_NS) {
            "SOAP 1.2 stöds inte; tjänsten talar SOAP 1.1 (namnrymden http://schemas.xmlsoap.org/soap/envelope/)."
        } else {
            "Meddelandet är inget SOAP 1.1-kuvert (Envelope i namnrymden http://schemas.xmlsoap.org/soap/envelope/)."
        };
        return Err(
            Fault::new(Felkod::NotTheContract, message).with_code(FaultCode::VersionMismatch)
        );
    }
    let mut header = None;
    let mut body = None;
    for child in envelope.children().filter(Node::is_element) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(SOAP_ENV_NS), "Header") if header.is_none() && body.is_none() => {
                header = Some(child);
            }
            (Some(SOAP_ENV_NS), "Body") if body.is_none() => body = Some(child),
            // SOAP 1.1 §4.1: namespace-qualified elements may follow the Body; ignored.
            (Some(ns), _) if body.is_some() && ns != SOAP_ENV_NS => {}
            _ => {
                return Err(Fault::new(
                    Felkod::NotTheContract,
                    "SOAP-kuvertet ska innehålla en valfri Header och en Body, i den ordningen.",
                ));
            }
        }
    }
    if let Some(header) = header {
        check_headers(header)?;
    }
    let body =
        body.ok_or_else(|| Fault::new(Felkod::NotTheContract, "SOAP-kuvertet saknar Body."))?;
    let mut payload = body.children().filter(Node::is_element);
    let (Some(request), None) = (payload.next(), payload.next()) else {
        return Err(Fault::new(
            Felkod::NotTheContract,
            "Body ska innehålla exakt ett element: hamtaBastjanstInformation eller testaBastjanstInformation.",
        ));
    };
    let operation = match request.tag_name().name() {
        "hamtaBastjanstInformation" => Operation::Hamta,
        "testaBastjanstInformation" => Operation::Testa,
        _ => {
            return Err(Fault::new(
                Felkod::NotTheContract,
                "Okänd operation; tjänsten har hamtaBastjanstInformation och testaBastjanstInformation.",
            ));
        }
    };
    if request.tag_name().namespace() != Some(SSBT_NS) {
        return Err(Fault::new(
            Felkod::NotTheContract,
            format!("{} ska ligga i namnrymden {SSBT_NS}.", operation.name()),
        )
        .for_operation(operation));
    }
    Ok((operation, request))
}

/// Refuses the call when a header entry must be understood: this endpoint understands none.
fn check_headers(header: Node<'_, '_>) -> Result<(), Fault> {
    let must = header.children().filter(Node::is_element).any(|entry| {
        entry
            .attribute((SOAP_ENV_NS, "mustUnderstand"))
            .is_some_and(|v| matches!(v.trim(), "1" | "true"))
    });
    if must {
        return Err(Fault::from(Code::HeaderNotUnderstood));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn felkod(xml: &str) -> Result<Operation, (&'static str, FaultCode)> {
        let doc = Document::parse(xml).unwrap();
        open(&doc)
            .map(|(op, _)| op)
            .map_err(|f| (f.felkod.code(), f.code))
    }

    fn envelope(body: &str) -> String {
        format!(
            "<s:Envelope xmlns:s=\"{SOAP_ENV_NS}\" xmlns:ssbt=\"{SSBT_NS}\"><s:Body>{body}</s:Body></s:Envelope>"
        )
    }

    #[test]
    fn dispatches_on_the_body_element() {
        assert_eq!(
            felkod(&envelope("<ssbt:testaBastjanstInformation/>")),
            Ok(Operation::Testa)
        );
        assert_eq!(
            felkod(&envelope("<ssbt:hamtaBastjanstInformation/>")),
            Ok(Operation::Hamta)
        );
    }

    #[test]
    fn refuses_what_is_not_the_contract() {
        let soap12 = format!("<s:Envelope xmlns:s=\"{SOAP12_ENV_NS}\"><s:Body/></s:Envelope>");
        assert_eq!(
            felkod(&soap12),
            Err(("SSBT-002", FaultCode::VersionMismatch))
        );
        assert_eq!(
            felkod("<a/>"),
            Err(("SSBT-002", FaultCode::VersionMismatch))
        );
        assert_eq!(
            felkod(&envelope(
                "<x:hamtaBastjanstInformation xmlns:x=\"urn:other\"/>"
            )),
            Err(("SSBT-002", FaultCode::Client))
        );
        assert_eq!(
            felkod(&envelope("<ssbt:raderaAllt/>")),
            Err(("SSBT-002", FaultCode::Client))
        );
        assert_eq!(felkod(&envelope("")), Err(("SSBT-002", FaultCode::Client)));
        let trailer = envelope("<ssbt:testaBastjanstInformation/>").replace(
            "</s:Envelope>",
            "<x:trailer xmlns:x=\"urn:x\"/></s:Envelope>",
        );
        assert_eq!(felkod(&trailer), Ok(Operation::Testa));
        let unqualified =
            envelope("<ssbt:testaBastjanstInformation/>").replace("<s:Body>", "<extra/><s:Body>");
        assert_eq!(felkod(&unqualified), Err(("SSBT-002", FaultCode::Client)));
        assert_eq!(
            felkod(&envelope(
                "<ssbt:testaBastjanstInformation/><ssbt:testaBastjanstInformation/>"
            )),
            Err(("SSBT-002", FaultCode::Client))
        );
    }

    #[test]
    fn must_understand_headers_are_refused_and_others_ignored() {
        let with_header = |attrs: &str| {
            format!(
                "<s:Envelope xmlns:s=\"{SOAP_ENV_NS}\" xmlns:ssbt=\"{SSBT_NS}\"><s:Header><h:x xmlns:h=\"urn:h\" {attrs}/></s:Header><s:Body><ssbt:testaBastjanstInformation/></s:Body></s:Envelope>"
            )
        };
        assert_eq!(
            felkod(&with_header("s:mustUnderstand=\"1\"")),
            Err(("SSBT-007", FaultCode::MustUnderstand))
        );
        assert_eq!(felkod(&with_header("")), Ok(Operation::Testa));
    }
}
