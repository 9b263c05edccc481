//! libFuzzer target `soap_request`: [`underlag_fuzz::soap_request`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| underlag_fuzz::soap_request(data));
