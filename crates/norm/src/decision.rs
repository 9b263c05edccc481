//! The case worker's decision on a beräkningsunderlag: a separate record, per section, that cannot exist without a human actor.
