/*
 * Payloads carried inside text, which Semgrep cannot see through:
 *  - a PE or ELF image written out as base64, as a Python bytes literal with
 *    \x escapes, as hex or as a list of byte values (the dropper decodes and
 *    writes it at install or import time). Matching the first 8-18 bytes of a
 *    standard header, not just the 2-4 byte magic that format-checking code
 *    compares against, keeps parsers and tools out;
 *  - PowerShell -EncodedCommand blobs that download a program and run it.
 */

rule base64_encoded_executable
{
    meta:
        id = "e3f1d449-8284-4146-914d-bbe7ca9edbd4"
        description = "Detects a base64-encoded PE (TVqQAAMAAAAEAAAA..., or the DOS-stub message) or ELF (f0VMRgIBAQ...) inside a text file"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "unauthorized-file-operation,command-execution"
        techniques = "packed-binary,code-obfuscation"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        signal = "hidden-payload"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        // MZ 90 00 03 00 00 00 04 00 00 00 FF FF (MSVC/MinGW stub); Borland stub
        $pe1 = "TVqQAAMAAAAEAAAA//8AAL"
        $pe2 = "TVpQAAIAAAAEAA8A//8AAL"
        $pe3 = "This program cannot be run in DOS mode" base64
        // 7F 45 4C 46, class 1|2, little/big endian, version 1
        $elf1 = "f0VMRgIBAQ"
        $elf2 = "f0VMRgEBAQ"
        $elf3 = "f0VMRgICAQ"
        $elf4 = "f0VMRgECAQ"

    condition:
        filesize < 64MB and
        // a text carrier: not itself a native binary or an archive
        uint16(0) != 0x5A4D and uint32(0) != 0x464C457F and uint32(0) != 0x04034B50 and
        any of them
}

rule escaped_bytes_executable
{
    meta:
        id = "fa5e9d78-7c6c-434b-bd23-3d7b27b8c7cf"
        description = "Detects a PE or ELF header written into source as escaped bytes, hex or a byte-value list (b'MZ\\x90\\x00\\x03...', b'\\x7fELF\\x02\\x01\\x01...')"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "unauthorized-file-operation,command-execution"
        techniques = "packed-binary,code-obfuscation"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 65

    strings:
        $pe1 = "MZ\\x90\\x00\\x03\\x00\\x00\\x00\\x04\\x00" nocase
        $pe2 = "\\x4d\\x5a\\x90\\x00\\x03\\x00\\x00\\x00" nocase
        $pe3 = "4d5a90000300000004000000" nocase
        $pe4 = /\b77,\s*90,\s*144,\s*0,\s*3,\s*0,\s*0,\s*0,\s*4,\s*0/
        $pe5 = "0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00" nocase
        // full ident (magic, class, data, version, OS ABI, padding) and a
        // little-endian e_type of EXEC or DYN: relocatable objects (.o) kept as
        // test data by compilers' bindings are not programs
        $elf1 = /\\x7fELF\\x0[12]\\x0[12]\\x01\\x0[0-9](\\x00){8}\\x0[23]\\x00/
        $elf2 = /\\x7f\\x45\\x4c\\x46\\x0[12]\\x0[12]\\x01\\x0[0-9](\\x00){8}\\x0[23]\\x00/ nocase
        $elf3 = /7f454c460[12]0[12]010[0-9]0{16}0[23]00/ nocase
        $elf4 = /\b127,\s*69,\s*76,\s*70,\s*[12],\s*[12],\s*1,\s*[0-9],(\s*0,){8}\s*[23],\s*0\b/

    condition:
        filesize < 64MB and
        uint16(0) != 0x5A4D and uint32(0) != 0x464C457F and uint32(0) != 0x04034B50 and
        any of them
}

rule powershell_encoded_download_execute
{
    meta:
        id = "fff27008-afb6-4049-82da-686b02bde6a8"
        description = "Detects a PowerShell -EncodedCommand blob (UTF-16LE base64) that downloads a file and runs it"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "command-execution,unauthorized-file-operation"
        techniques = "code-obfuscation,external-payload"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 90

    strings:
        // -EncodedCommand takes base64 of UTF-16LE text: "wide base64" builds
        // exactly that, at the three base64 alignments
        $dl1 = "Invoke-WebRequest" wide base64
        $dl2 = "DownloadFile(" wide base64
        $dl3 = "DownloadString(" wide base64
        $dl4 = "Start-BitsTransfer" wide base64
        $dl5 = "Net.WebClient" wide base64
        $run1 = "Invoke-Expression" wide base64
        $run2 = "Start-Process" wide base64
        $run3 = "iex " wide base64
        $run4 = "iex(" wide base64
        $run5 = ".exe" wide base64

    condition:
        filesize < 16MB and any of ($dl*) and any of ($run*)
}
