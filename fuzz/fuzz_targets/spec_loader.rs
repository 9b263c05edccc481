//! libFuzzer target `spec_loader`: [`underlag_fuzz::spec_loader`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| underlag_fuzz::spec_loader(data));
