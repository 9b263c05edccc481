//! The subcommands of `underlag`.

pub mod admin;
pub mod audit;
pub mod bench;
pub mod conformance;
pub mod demo;
pub mod generate;
pub mod load;
pub mod norm;
pub mod pki;
pub mod query;
pub mod serve;
pub mod sim;
pub mod spec;

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use underlag_domain::SourceId;
use underlag_sim::Fault;

/// Parses `--fault` arguments of the form `fk=hang`, `csn=latency:300`, `tns=http500`.
pub fn parse_faults(args: &[String]) -> anyhow::Result<BTreeMap<SourceId, Fault>> {
    let mut faults = BTreeMap::new();
    for arg in args {
        let (source, fault) = arg
            .split_once('=')
            .with_context(|| format!("--fault {arg}: expected SOURCE=KIND"))?;
        let source: SourceId = source.parse().with_context(|| format!("--fault {arg}"))?;
        let fault = match fault.split_once(':') {
            Some(("latency", ms)) => Fault::Latency {
                ms: ms
                    .parse()
                    .with_context(|| format!("--fault {arg}: latency needs milliseconds"))?,
            },
            None => match fault {
                "hang" => Fault::Hang,
                "http500" => Fault::Http500,
                "malformed" => Fault::Malformed,
                "schema_invalid" => Fault::SchemaInvalid,
                "connection_refused" => Fault::ConnectionRefused,
                "reset_mid_body" => Fault::ResetMidBody,
                "huge_body" => Fault::HugeBody,
                "wrong_certificate" => Fault::WrongCertificate,
                other => bail!(
                    "--fault {arg}: unknown fault '{other}' (latency:MS, hang, http500, malformed, schema_invalid, connection_refused, reset_mid_body, huge_body, wrong_certificate)"
                ),
            },
            Some((other, _)) => bail!("--fault {arg}: unknown fault '{other}'"),
        };
        faults.insert(source, fault);
    }
    Ok(faults)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_arguments() {
        let faults = parse_faults(&["fk=hang".into(), "CSN=latency:300".into()]).unwrap();
        assert_eq!(faults[&SourceId::Fk], Fault::Hang);
        assert_eq!(faults[&SourceId::Csn], Fault::Latency { ms: 300 });
        assert!(parse_faults(&["xx=hang".into()]).is_err());
        assert!(parse_faults(&["fk=sleep".into()]).is_err());
        assert!(parse_faults(&["fk".into()]).is_err());
    }
}
