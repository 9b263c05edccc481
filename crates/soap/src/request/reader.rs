//! The field-by-field reading of `hamtaBastjanstInformation`: every problem is collected
//! with the path of its field, so one fault names them all.

use roxmltree::Node;
use underlag_domain::free_text::{
    FreeTextError, MAX_FREE_TEXT_CHARS, parse_free_text, parse_optional_free_text,
};
use underlag_domain::organisationsnummer::OrganisationsnummerError;
use underlag_domain::period::{PeriodError, parse_iso_date};
use underlag_domain::personnummer::PersonnummerError;
use underlag_domain::{LefiActorId, Organisationsnummer, Period, Personnummer, SourceId};
use underlag_service::DataProcessor;

use super::{FkFraga, HamtaFraga, ProviderFraga, RequestLimits};
use crate::contract::{SSBT_NS, V10_PROVIDERS};
use crate::lefi_request::{self, LefiRequest};

/// Reads the request element; the problems, each naming its field, when it cannot be used.
pub(super) fn read(root: Node<'_, '_>, limits: RequestLimits) -> Result<HamtaFraga, Vec<String>> {
    let mut r = Reader {
        errors: Vec::new(),
        limits,
    };
    let fraga = r.read(root);
    if fraga.is_none() && r.errors.is_empty() {
        r.errors.push("Frågan kunde inte läsas.".to_owned());
    }
    match fraga {
        Some(fraga) if r.errors.is_empty() => Ok(fraga),
        _ => Err(r.errors),
    }
}

/// The first child element in the ssbt/10 namespace with this local name.
pub(super) fn child<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    parent
        .children()
        .find(|c| c.is_element() && c.has_tag_name((SSBT_NS, name)))
}

/// The element's own text, trimmed.
fn text_of(node: Node<'_, '_>) -> String {
    raw_text_of(node).trim().to_owned()
}

/// The element's own text as sent (its text and CDATA children).
fn raw_text_of(node: Node<'_, '_>) -> String {
    node.children()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

struct Reader {
    errors: Vec<String>,
    limits: RequestLimits,
}

impl Reader {
    fn fail(&mut self, path: &str, problem: &str) {
        self.errors.push(format!("Fältet '{path}' {problem}."));
    }

    fn required<'a, 'i>(
        &mut self,
        parent: Node<'a, 'i>,
        path: &str,
        name: &str,
    ) -> Option<Node<'a, 'i>> {
        let found = child(parent, name);
        if found.is_none() {
            self.fail(&join(path, name), "saknas (eller ligger i fel namnrymd)");
        }
        found
    }

    /// A required free text (see [`Reader::checked_text`]).
    fn required_text(&mut self, parent: Node<'_, '_>, path: &str, name: &str) -> Option<String> {
        let node = self.required(parent, path, name)?;
        self.checked_text(node, &join(path, name), true)
    }

    /// A free text, under the same rule as REST's: XML white space around it is dropped
    /// (indentation is not part of the value), then a control or bidirectional formatting
    /// character, or more than [`MAX_FREE_TEXT_CHARS`] characters, is refused.
    fn checked_text(&mut self, node: Node<'_, '_>, path: &str, required: bool) -> Option<String> {
        let parse = if required {
            parse_free_text
        } else {
            parse_optional_free_text
        };
        self.checked(node, path, |text| {
            parse(text, MAX_FREE_TEXT_CHARS).map(str::to_owned)
        })
    }

    /// The element's text, XML white space around it dropped, parsed by `parse` (a free-text
    /// rule); its problem is reported under `path`.
    fn checked<T>(
        &mut self,
        node: Node<'_, '_>,
        path: &str,
        parse: impl FnOnce(&str) -> Result<T, FreeTextError>,
    ) -> Option<T> {
        let raw = raw_text_of(node);
        let text = raw.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
        match parse(text) {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(path, &free_text_problem(e));
                None
            }
        }
    }

    fn boolean(&mut self, path: &str, value: Option<&str>) -> Option<bool> {
        match value.map(str::trim) {
            Some("true" | "1") => Some(true),
            Some("false" | "0") => Some(false),
            _ => {
                self.fail(path, "ska vara true eller false");
                None
            }
        }
    }

    fn read(&mut self, root: Node<'_, '_>) -> Option<HamtaFraga> {
        let general = self.required(root, "", "generellaFrageparametrar");
        let specific = self.required(root, "", "specifikaFrageparametrar");
        let general = general.map(|g| self.read_general(g));
        let providers = specific.map(|s| self.read_specific(s));
        let (general, providers) = (general??, providers??);
        if !providers.iter().any(|p| p.inkludera) {
            self.errors.push(
                "Minst en bastjänst måste inkluderas (inkludera=\"true\") i specifikaFrageparametrar."
                    .to_owned(),
            );
            return None;
        }
        let mut fraga = HamtaFraga {
            providers,
            ..general
        };
        let person = fraga.person.clone();
        for p in &mut fraga.providers {
            if let Some(fk) = &mut p.fk {
                fk.checked = check_fk(fk, &person);
            }
        }
        Some(fraga)
    }

    fn read_general(&mut self, g: Node<'_, '_>) -> Option<HamtaFraga> {
        const G: &str = "generellaFrageparametrar";
        let frage_tidpunkt = child(g, "frageTidpunkt").and_then(|n| {
            let text = text_of(n);
            if is_xsd_datetime(&text) {
                Some(text)
            } else {
                self.fail(
                    &join(G, "frageTidpunkt"),
                    "är ingen giltig tidpunkt (xsd:dateTime)",
                );
                None
            }
        });
        let korrelationsid = child(g, "korrelationsid")
            .and_then(|n| self.checked_text(n, &join(G, "korrelationsid"), false));
        let echo = match child(g, "fraganSkallInkluderasISvaret") {
            None => Some(false),
            Some(n) => {
                let text = text_of(n);
                self.boolean(&join(G, "fraganSkallInkluderasISvaret"), Some(&text))
            }
        };
        let ingivare = self.required(g, G, "ingivare");
        let (organisation, organisation_name, case_worker) = match ingivare {
            Some(i) => {
                let path = join(G, "ingivare");
                let org = self.organisation(i, &path);
                let name = self.required_text(i, &path, "namn");
                let worker = self.required_text(i, &path, "handlaggare");
                (org, name, worker)
            }
            None => (None, None, None),
        };
        let person = self.person(g);
        let case_id = self.required_text(g, G, "arendeidentitet");
        let period = self
            .required(g, G, "tidsperiod")
            .and_then(|t| self.period(t, &join(G, "tidsperiod")));
        let data_processors = self.data_processors(g);
        let purpose = self.required_text(g, G, "syfte");
        let legal_basis = self.required_text(g, G, "lagtext");
        Some(HamtaFraga {
            frage_tidpunkt,
            korrelationsid: korrelationsid.filter(|k| !k.is_empty()),
            echo: echo?,
            organisation: organisation?,
            organisation_name: organisation_name?,
            case_worker: case_worker?,
            person: person?,
            case_id: case_id?,
            period: period?,
            data_processors: data_processors?,
            purpose: purpose?,
            legal_basis: legal_basis?,
            providers: Vec::new(),
        })
    }

    fn organisation(&mut self, parent: Node<'_, '_>, path: &str) -> Option<Organisationsnummer> {
        let node = self.required(parent, path, "organisationsnummer")?;
        let path = join(path, "organisationsnummer");
        let text = text_of(node);
        if text.len() != 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
            self.fail(&path, "ska bestå av 12 siffror (16 + organisationsnumret)");
            return None;
        }
        Organisationsnummer::parse(&text)
            .map_err(|e| {
                let problem = match e {
                    OrganisationsnummerError::Format => {
                        "ska börja med 16 följt av organisationsnumret"
                    }
                    OrganisationsnummerError::Group => {
                        "är inget organisationsnummer (tredje siffran ska vara 2 eller större)"
                    }
                    OrganisationsnummerError::Checksum => "har fel kontrollsiffra",
                };
                self.fail(&path, problem);
            })
            .ok()
    }

    fn person(&mut self, g: Node<'_, '_>) -> Option<Personnummer> {
        const PATH: &str = "generellaFrageparametrar/personidentitet";
        let node = self.required(g, "generellaFrageparametrar", "personidentitet")?;
        let text = text_of(node);
        if text.len() != 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
            self.fail(PATH, "ska bestå av 12 siffror (ÅÅÅÅMMDDNNNK)");
            return None;
        }
        Personnummer::parse_canonical(&text)
            .map_err(|e| {
                let problem = match e {
                    PersonnummerError::Format => "ska bestå av 12 siffror (ÅÅÅÅMMDDNNNK)",
                    PersonnummerError::Date => "innehåller inget giltigt datum",
                    PersonnummerError::Checksum => "har fel kontrollsiffra",
                    PersonnummerError::Range => {
                        "har ett födelsedatum utanför det tillåtna intervallet"
                    }
                    PersonnummerError::BirthNumber => "har födelsenummer 000, som aldrig tilldelas",
                };
                self.fail(PATH, problem);
            })
            .ok()
    }

    fn period(&mut self, node: Node<'_, '_>, path: &str) -> Option<Period> {
        let mut date = |name: &str| {
            let n = self.required(node, path, name)?;
            let parsed = parse_iso_date(&text_of(n)).ok();
            if parsed.is_none() {
                self.fail(&join(path, name), "är inget datum (ÅÅÅÅ-MM-DD)");
            }
            parsed
        };
        let (from, to) = (date("fromDatum"), date("tomDatum"));
        let period = match Period::requested(from?, to?) {
            Ok(period) => period,
            Err(PeriodError::BeforeEarliest) => {
                self.fail(path, "får inte börja före 1900-01-01");
                return None;
            }
            Err(_) => {
                self.fail(
                    path,
                    "slutar före sin början (tomDatum ligger före fromDatum)",
                );
                return None;
            }
        };
        let max_days = self.limits.period.max_days();
        if period.days() > max_days {
            self.fail(path, &format!("får vara högst {max_days} dagar lång"));
            return None;
        }
        Some(period)
    }

    fn data_processors(&mut self, g: Node<'_, '_>) -> Option<Vec<DataProcessor>> {
        let mut all = Vec::new();
        let mut ok = true;
        let nodes = g
            .children()
            .filter(|c| c.is_element() && c.has_tag_name((SSBT_NS, "personuppgiftsbitrade")));
        for (i, node) in nodes.enumerate() {
            let path = format!("generellaFrageparametrar/personuppgiftsbitrade[{}]", i + 1);
            let order = match child(node, "ordningsnummer") {
                None => Some(None),
                Some(n) => match text_of(n).parse::<i16>() {
                    Ok(v) => Some(Some(v)),
                    Err(_) => {
                        self.fail(
                            &join(&path, "ordningsnummer"),
                            "ska vara ett heltal (xsd:short)",
                        );
                        None
                    }
                },
            };
            let organisation = self.organisation(node, &path);
            let name = self.required_text(node, &path, "namn");
            match (order, organisation, name) {
                (Some(order), Some(organisation), Some(name)) => all.push(DataProcessor {
                    order,
                    organisation,
                    name,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(all)
    }

    fn read_specific(&mut self, s: Node<'_, '_>) -> Option<Vec<ProviderFraga>> {
        let mut providers = Vec::new();
        for source in V10_PROVIDERS {
            let path = join("specifikaFrageparametrar", source.code());
            let Some(node) = self.required(s, "specifikaFrageparametrar", source.code()) else {
                continue;
            };
            let Some(inkludera) =
                self.boolean(&format!("{path}/@inkludera"), node.attribute("inkludera"))
            else {
                continue;
            };
            let mut provider = ProviderFraga {
                source,
                inkludera,
                period: None,
                fk: None,
            };
            if inkludera {
                if let Some(t) = child(node, "tidsperiod").filter(|_| has_own_period(source)) {
                    provider.period = self.period(t, &join(&path, "tidsperiod"));
                }
                if source == SourceId::Fk
                    && let Some(f) = child(node, "fraga")
                {
                    provider.fk = self.fk_fraga(f, &join(&path, "fraga"));
                }
            }
            providers.push(provider);
        }
        (providers.len() == V10_PROVIDERS.len()).then_some(providers)
    }

    fn fk_fraga(&mut self, f: Node<'_, '_>, path: &str) -> Option<FkFraga> {
        let version = child(f, "version")
            .and_then(|n| self.checked_text(n, &join(path, "version"), false))
            .filter(|v| !v.is_empty());
        // The actor id follows the free-text rule, as every other text.
        let aktorsid = self
            .required(f, path, "aktorsid")
            .and_then(|n| self.checked(n, &join(path, "aktorsid"), LefiActorId::parse));
        let lefi = self.required(f, path, "lefiJsonFraga").map(|n| {
            text_of(n)
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect::<String>()
        });
        Some(FkFraga {
            version,
            aktorsid: aktorsid?,
            lefi_json_fraga: lefi?,
            checked: Err(Vec::new()),
        })
    }
}

/// Whether the contract gives the provider its own `tidsperiod`.
fn has_own_period(source: SourceId) -> bool {
    matches!(
        source,
        SourceId::Af | SourceId::Csn | SourceId::So | SourceId::Tns
    )
}

/// Checks FK's `fraga`: the LEFI version (absent or `v9`) and the LEFI request.
fn check_fk(fk: &FkFraga, person: &Personnummer) -> Result<LefiRequest, Vec<String>> {
    if fk
        .version
        .as_deref()
        .is_some_and(|v| !v.eq_ignore_ascii_case("v9"))
    {
        return Err(vec![
            "LEFI-versionen i fraga/version stöds inte; tjänsten anropar LEFI v9.".to_owned(),
        ]);
    }
    lefi_request::check(&fk.lefi_json_fraga, person)
}

/// Why a free text was refused, in Swedish, without the value.
fn free_text_problem(e: FreeTextError) -> String {
    match e {
        FreeTextError::Empty => "får inte vara tomt".to_owned(),
        FreeTextError::TooLong { max } => format!("får vara högst {max} tecken långt"),
        FreeTextError::ControlCharacter => {
            "får inte innehålla styrtecken (som radbrytningar, tabbar eller escape-tecken)"
                .to_owned()
        }
        FreeTextError::BidiControl => {
            "får inte innehålla tecken som styr skrivriktningen (bidi)".to_owned()
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}/{name}")
    }
}

/// Whether `text` is an `xsd:dateTime`: `YYYY-MM-DDThh:mm:ss[.s+][Z|±hh:mm]`, a real instant.
pub(crate) fn is_xsd_datetime(text: &str) -> bool {
    let b = text.as_bytes();
    if !text.is_ascii() || b.len() < 19 {
        return false;
    }
    // The time zone starts at the first 'Z', '+' or '-' after the seconds.
    let zone_at = b[19..]
        .iter()
        .position(|c| matches!(c, b'Z' | b'+' | b'-'))
        .map_or(b.len(), |i| i + 19);
    let (main, zone) = b.split_at(zone_at);
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let zone_ok = match zone {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => digits(&[*h1, *h2, *m1, *m2]),
        _ => false,
    };
    let fraction_ok = match &main[19..] {
        [] => true,
        [b'.', rest @ ..] => digits(rest),
        _ => false,
    };
    let shape_ok = main[4] == b'-'
        && main[7] == b'-'
        && main[10] == b'T'
        && main[13] == b':'
        && main[16] == b':';
    zone_ok && fraction_ok && shape_ok && text[..19].parse::<jiff::civil::DateTime>().is_ok()
}
