/*
 * Packed and frozen programs: UPX-compressed binaries, and Python programs
 * frozen into a native executable (PyInstaller, Nuitka, py2exe, cx_Freeze).
 * A package that ships one carries code nobody can review from the sources.
 * Every rule requires a native binary header first, so the freezers' own
 * Python sources (which mention the same names) never match.
 */

rule upx_packed_binary
{
    meta:
        id = "afbb7d7a-7eb1-4580-98e3-9099d10c8235"
        description = "Detects a UPX-packed PE, ELF or Mach-O binary"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "packed-binary,code-obfuscation"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 70

    strings:
        $magic = "UPX!"
        // PE section names, NUL-padded to 8 bytes
        $sec0 = { 55 50 58 30 00 00 00 00 }
        $sec1 = { 55 50 58 31 00 00 00 00 }

    condition:
        filesize < 64MB and
        (
            (uint16(0) == 0x5A4D and uint32(0x3C) < filesize and
             uint32(uint32(0x3C)) == 0x00004550 and
             (($sec0 and $sec1) or $magic in (0..4096)))
            or
            // ELF / Mach-O: the UPX! header sits in the first page
            ((uint32(0) == 0x464C457F or uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF) and
             $magic in (0..4096))
        )
}

rule pyinstaller_bundle
{
    meta:
        id = "1f075e51-a340-48f5-ad2a-199fecf3c2ea"
        description = "Detects a PyInstaller-frozen program: a native binary carrying a CArchive cookie (MEI magic followed by a Python library name)"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "packed-binary"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 70

    strings:
        $mei = { 4D 45 49 0C 0B 0A 0B 0E }

    condition:
        filesize < 128MB and
        (uint16(0) == 0x5A4D or uint32(0) == 0x464C457F or
         uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF or uint32be(0) == 0xCAFEBABE) and
        // the bootloader holds the same magic as a constant; only a real cookie
        // is followed (after pkg length, TOC offset, TOC length, Python version)
        // by the Python library name, or closes the file (pre-2.1 24-byte cookie)
        for any i in (1..#mei) : (
            uint32be(@mei[i] + 24) == 0x70797468 or   // "pyth"
            uint32be(@mei[i] + 24) == 0x50797468 or   // "Pyth"
            uint32be(@mei[i] + 24) == 0x6C696270 or   // "libp"
            @mei[i] + 24 == filesize
        )
}

rule nuitka_compiled_binary
{
    meta:
        id = "d29e9b23-e5e4-4343-ae15-7bafa2851293"
        description = "Detects a Nuitka-compiled program or extension module: Python source compiled to native code"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "packed-binary,code-obfuscation"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 60

    strings:
        $n1 = "__nuitka_version__"
        $n2 = "nuitka_types_patch"
        $n3 = "is not writable in Nuitka"
        $n4 = "NUITKA_ONEFILE_PARENT" ascii wide
        $n5 = "__compiled_constant__"

    condition:
        filesize < 128MB and
        (uint16(0) == 0x5A4D or uint32(0) == 0x464C457F or
         uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF or uint32be(0) == 0xCAFEBABE) and
        2 of ($n*)
}

rule py2exe_bundle
{
    meta:
        id = "7f7467f5-5b79-4866-bb9e-35a141ec7357"
        description = "Detects a py2exe-frozen Windows program (PYTHONSCRIPT resource and the py2exe zip importer)"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "packed-binary"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 60

    strings:
        $res = "PYTHONSCRIPT" ascii wide
        $imp1 = "zipextimporter"
        $imp2 = "py2exe"

    condition:
        uint16(0) == 0x5A4D and filesize < 128MB and
        uint32(0x3C) < filesize and uint32(uint32(0x3C)) == 0x00004550 and
        $res and any of ($imp*)
}

rule cx_freeze_bundle
{
    meta:
        id = "5837ab37-a7ab-49ab-9439-0f31a88a7658"
        description = "Detects a cx_Freeze-frozen program: a native launcher that boots the __startup__ module of a frozen library"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution"
        techniques = "packed-binary"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 55

    strings:
        $startup = "__startup__" ascii wide
        $m1 = "cx_Freeze" ascii wide
        $m2 = "library.zip" ascii wide

    condition:
        filesize < 128MB and
        (uint16(0) == 0x5A4D or uint32(0) == 0x464C457F or
         uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF) and
        $startup and any of ($m*)
}
