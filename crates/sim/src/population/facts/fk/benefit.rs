//! The FK benefits the population uses: one per LEFI case list (28 lists), with the group a
//! question names to get it and the list the answer carries it in.

/// FK benefits, one per LEFI case list (etableringsersättning shares the programme list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FkBenefit {
    /// Aktivitetsstöd (decided by AF, paid by FK): `FK:AS`.
    Aktivitetsstod,
    /// Barnbidrag: `FK:ABB`.
    Barnbidrag,
    /// Bostadsbidrag: `FK:BOB`.
    Bostadsbidrag,
    /// Underhållsstöd received: `FK:US`.
    Underhallsstod,
    /// Allmän pension handled by FK (older cases): `FK:AP`.
    AllmanPension,
    /// Arbetsskadelivränta to a survivor: `FK:YL`.
    ArbetsskadeEfterlevande,
    /// Own arbetsskadelivränta: `FK:YL`.
    ArbetsskadeEgen,
    /// Bostadstillägg handled by FK (older cases): `FK:BST`.
    Bostadstillagg,
    /// Efterlevandepension handled by FK: `FK:AP`.
    Efterlevandepension,
    /// Barnbidrag received by the young person themself: `FK:MABB`.
    MottagareAvBarnbidrag,
    /// Föräldrapenning: `FK:FP`.
    Foraldrapenning,
    /// Förebyggande sjukpenning: `FK:FSJP`.
    ForebyggandeSjukpenning,
    /// Handikappersättning: `FK:HE`.
    Handikappersattning,
    /// Graviditetspenning: `FK:GP`.
    Graviditetspenning,
    /// Merkostnadsersättning: `FK:MEK`.
    Merkostnadsersattning,
    /// Närståendepenning: `FK:NP`.
    Narstaendepenning,
    /// Omvårdnadsbidrag: `FK:OMV`.
    Omvardnadsbidrag,
    /// Programersättning (utvecklingsersättning): `FK:PROG`.
    Programersattning,
    /// Etableringsersättning (in the programme list): `FK:ET`.
    Etableringsersattning,
    /// Rehabiliteringsersättning: `FK:RBE`.
    Rehabersattning,
    /// Sjuk- och aktivitetsersättning: `FK:SA`.
    SjukOchAktivitetsersattning,
    /// Sjukpenning: `FK:SJP`.
    Sjukpenning,
    /// Smittbärarpenning: `FK:SBP`.
    Smittbararpenning,
    /// Tillfällig föräldrapenning: `FK:TFP`.
    TillfalligForaldrapenning,
    /// Dagpenning to conscripts (totalförsvarsplikt): `FK:DPE`.
    Totalforsvarsplikt,
    /// Underhållsstöd the person owes as the liable parent: `FK:US`.
    UnderhallsstodKrav,
    /// Vårdbidrag: `FK:VB`.
    Vardbidrag,
    /// Yrkesskadelivränta to a survivor: `FK:YL`.
    YrkesskadeEfterlevande,
    /// Own yrkesskadelivränta: `FK:YL`.
    YrkesskadeEgen,
}

impl FkBenefit {
    /// Every benefit, one per case list (etableringsersättning last, sharing a list).
    pub const ALL: [FkBenefit; 29] = [
        FkBenefit::Aktivitetsstod,
        FkBenefit::AllmanPension,
        FkBenefit::ArbetsskadeEfterlevande,
        FkBenefit::ArbetsskadeEgen,
        FkBenefit::Barnbidrag,
        FkBenefit::Bostadsbidrag,
        FkBenefit::Bostadstillagg,
        FkBenefit::Efterlevandepension,
        FkBenefit::MottagareAvBarnbidrag,
        FkBenefit::Foraldrapenning,
        FkBenefit::ForebyggandeSjukpenning,
        FkBenefit::Handikappersattning,
        FkBenefit::Graviditetspenning,
        FkBenefit::Merkostnadsersattning,
        FkBenefit::Narstaendepenning,
        FkBenefit::Omvardnadsbidrag,
        FkBenefit::Programersattning,
        FkBenefit::Rehabersattning,
        FkBenefit::SjukOchAktivitetsersattning,
        FkBenefit::Sjukpenning,
        FkBenefit::Smittbararpenning,
        FkBenefit::TillfalligForaldrapenning,
        FkBenefit::Totalforsvarsplikt,
        FkBenefit::UnderhallsstodKrav,
        FkBenefit::Underhallsstod,
        FkBenefit::Vardbidrag,
        FkBenefit::YrkesskadeEfterlevande,
        FkBenefit::YrkesskadeEgen,
        FkBenefit::Etableringsersattning,
    ];

    /// The LEFI group code a question names to get this benefit (`FK:AS`, …).
    pub fn group_code(self) -> &'static str {
        use FkBenefit::*;
        match self {
            Aktivitetsstod => "FK:AS",
            Barnbidrag => "FK:ABB",
            Bostadsbidrag => "FK:BOB",
            Underhallsstod | UnderhallsstodKrav => "FK:US",
            AllmanPension | Efterlevandepension => "FK:AP",
            ArbetsskadeEfterlevande | ArbetsskadeEgen => "FK:YL",
            YrkesskadeEfterlevande | YrkesskadeEgen => "FK:YL",
            Bostadstillagg => "FK:BST",
            MottagareAvBarnbidrag => "FK:MABB",
            Foraldrapenning => "FK:FP",
            ForebyggandeSjukpenning => "FK:FSJP",
            Handikappersattning => "FK:HE",
            Graviditetspenning => "FK:GP",
            Merkostnadsersattning => "FK:MEK",
            Narstaendepenning => "FK:NP",
            Omvardnadsbidrag => "FK:OMV",
            Programersattning => "FK:PROG",
            Etableringsersattning => "FK:ET",
            Rehabersattning => "FK:RBE",
            SjukOchAktivitetsersattning => "FK:SA",
            Sjukpenning => "FK:SJP",
            Smittbararpenning => "FK:SBP",
            TillfalligForaldrapenning => "FK:TFP",
            Totalforsvarsplikt => "FK:DPE",
            Vardbidrag => "FK:VB",
        }
    }

    /// The benefit code without prefix, as in `formansfamilj` and `forman` (`AS`, `ABB`, …).
    pub fn code(self) -> &'static str {
        self.group_code().trim_start_matches("FK:")
    }

    /// The key of the LEFI case list under `formansinformation`.
    pub fn case_list(self) -> &'static str {
        use FkBenefit::*;
        match self {
            Aktivitetsstod => "aktivitetsstodsarende",
            AllmanPension => "allmanpensionsarende",
            ArbetsskadeEfterlevande => "arbetsskadeefterlevandearende",
            ArbetsskadeEgen => "arbetsskadeegenlivrantearende",
            Barnbidrag => "barnbidragsarende",
            Bostadsbidrag => "bostadsbidragsarende",
            Bostadstillagg => "bostadstillaggsarende",
            Efterlevandepension => "efterlevandepensionsarende",
            MottagareAvBarnbidrag => "mottagareavbarnbidrag",
            Foraldrapenning => "foraldrapenningarende",
            ForebyggandeSjukpenning => "forebyggandeSjukpenningsarende",
            Handikappersattning => "handikappersattningsarende",
            Graviditetspenning => "graviditetspenningsarende",
            Merkostnadsersattning => "merkostnadsersattningsarende",
            Narstaendepenning => "narstaendepenningarende",
            Omvardnadsbidrag => "omvardnadsbidragsarende",
            Programersattning | Etableringsersattning => "programersattningsarende",
            Rehabersattning => "rehabersattningsarende",
            SjukOchAktivitetsersattning => "sjukOchAktivitetsersattningsarende",
            Sjukpenning => "sjukpenningarende",
            Smittbararpenning => "smittbararersattningsarende",
            TillfalligForaldrapenning => "tillfalligForaldrapenningarende",
            Totalforsvarsplikt => "totalforsvarspliktsarende",
            UnderhallsstodKrav => "underhallsstodskrav",
            Underhallsstod => "underhallsstodsmottag",
            Vardbidrag => "vardbidragsarende",
            YrkesskadeEfterlevande => "yrkesskadeefterlevandearende",
            YrkesskadeEgen => "yrkesskadeegenlivrantearende",
        }
    }

    /// The Swedish name.
    pub fn name_sv(self) -> &'static str {
        use FkBenefit::*;
        match self {
            Aktivitetsstod => "Aktivitetsstöd",
            Barnbidrag => "Barnbidrag",
            Bostadsbidrag => "Bostadsbidrag",
            Underhallsstod => "Underhållsstöd",
            UnderhallsstodKrav => "Underhållsstöd, återbetalningsskyldighet",
            AllmanPension => "Allmän pension",
            ArbetsskadeEfterlevande => "Arbetsskadelivränta till efterlevande",
            ArbetsskadeEgen => "Arbetsskadelivränta",
            Bostadstillagg => "Bostadstillägg",
            Efterlevandepension => "Efterlevandepension",
            MottagareAvBarnbidrag => "Barnbidrag till barnet självt",
            Foraldrapenning => "Föräldrapenning",
            ForebyggandeSjukpenning => "Förebyggande sjukpenning",
            Handikappersattning => "Handikappersättning",
            Graviditetspenning => "Graviditetspenning",
            Merkostnadsersattning => "Merkostnadsersättning",
            Narstaendepenning => "Närståendepenning",
            Omvardnadsbidrag => "Omvårdnadsbidrag",
            Programersattning => "Programersättning",
            Etableringsersattning => "Etableringsersättning",
            Rehabersattning => "Rehabiliteringsersättning",
            SjukOchAktivitetsersattning => "Sjuk- och aktivitetsersättning",
            Sjukpenning => "Sjukpenning",
            Smittbararpenning => "Smittbärarpenning",
            TillfalligForaldrapenning => "Tillfällig föräldrapenning",
            Totalforsvarsplikt => "Dagpenning till totalförsvarspliktiga",
            Vardbidrag => "Vårdbidrag",
            YrkesskadeEfterlevande => "Yrkesskadelivränta till efterlevande",
            YrkesskadeEgen => "Yrkesskadelivränta",
        }
    }

    /// Whether LEFI gives this benefit's decision as a number of days at a daily amount
    /// (the sickness and parental benefits, aktivitetsstöd and the programmes).
    pub fn per_day(self) -> bool {
        use FkBenefit::*;
        matches!(
            self,
            Aktivitetsstod
                | Foraldrapenning
                | ForebyggandeSjukpenning
                | Graviditetspenning
                | Narstaendepenning
                | Programersattning
                | Etableringsersattning
                | Rehabersattning
                | Sjukpenning
                | Smittbararpenning
                | TillfalligForaldrapenning
                | Totalforsvarsplikt
        )
    }
}
