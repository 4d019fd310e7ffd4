/*
 * Invisible Unicode hiding code: runs of Unicode tag characters (U+E0000-E007F, "ASCII
 * smuggling"), variation selectors (U+FE00-FE0F, U+E0100-E01EF: one byte per selector) or
 * private-use code points (U+E000-F8FF) in a source file, decoded and executed by the code
 * around them. A flag emoji uses up to ~6 tag characters and an emoji one selector, so the
 * rules ask for runs of 16 or more. In UTF-8:
 *   tags                F3 A0 80 80 .. F3 A0 81 BF
 *   selectors 17-256    F3 A0 84 80 .. F3 A0 87 AF;  selectors 1-16  EF B8 80 .. EF B8 8F
 *   private use         EE 80 80 .. EF A3 BF
 */

rule invisible_unicode_payload
{
    meta:
        id = "0d2b7c55-8a4e-4f0e-b6f1-51f3c0a9e7d2"
        description = "Detects a run of 16 or more invisible Unicode tag characters or variation selectors in a file that also decodes code points and executes"
        author = "antivenom"
        date = "2026-12-01"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "invisible-unicode,code-obfuscation"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $tags = /(\xF3\xA0[\x80\x81][\x80-\xBF]){16,}/
        $vs = /(\xF3\xA0[\x84-\x87][\x80-\xBF]|\xEF\xB8[\x80-\x8F]){16,}/
        $run1 = /\bexec\s*\(/
        $run2 = /\beval\s*\(/
        $run3 = /\bcompile\s*\(/
        $run4 = /\b(Function|require)\s*\(/
        $dec1 = /\bord\s*\(/
        $dec2 = /codePointAt/
        $dec3 = /0x[eE]01[0-9a-fA-F]{2}|0xE0000|0xFE00|917504|917760|65024|0xe000|57344/

    condition:
        filesize < 5MB and any of ($tags, $vs) and any of ($run*) and any of ($dec*)
}

rule invisible_unicode_run
{
    meta:
        id = "a4f7e3b2-6c1d-4e8a-9f25-7b0d3c6e1a98"
        description = "Detects a run of 32 or more invisible Unicode tag characters or variation selectors in a source file"
        author = "antivenom"
        date = "2026-12-01"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "invisible-unicode"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 50

    strings:
        $tags = /(\xF3\xA0[\x80\x81][\x80-\xBF]){32,}/
        $vs = /(\xF3\xA0[\x84-\x87][\x80-\xBF]|\xEF\xB8[\x80-\x8F]){32,}/

    condition:
        filesize < 5MB and any of them
}

rule lookalike_identifier_call
{
    meta:
        id = "c81e5d02-2b9f-4a63-8e17-94d0f6b3a5c7"
        description = "Detects a call through an identifier spelled with mathematical or letterlike script letters, an NFKC look-alike of an ASCII name such as exec"
        author = "antivenom"
        date = "2026-12-01"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "invisible-unicode,sandbox-escape"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 60

    strings:
        // two or more letters from the Mathematical Alphanumeric block (F0 9D 90-9F xx) or
        // letterlike script forms (E2 84 xx) inside an identifier that is then called
        $call = /(\xF0\x9D[\x90-\x9F][\x80-\xBF]|\xE2\x84[\x80-\xBF])[a-zA-Z_\x80-\xBF\xE2\xF0]{4,24}\s*\(/

    condition:
        filesize < 5MB and $call
}
