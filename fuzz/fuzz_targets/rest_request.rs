//! libFuzzer target `rest_request`: [`underlag_fuzz::rest_request`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| underlag_fuzz::rest_request(data));
