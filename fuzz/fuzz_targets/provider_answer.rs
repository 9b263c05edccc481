//! libFuzzer target `provider_answer`: [`underlag_fuzz::provider_answer`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| underlag_fuzz::provider_answer(data));
