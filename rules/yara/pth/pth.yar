/*
 * .pth files in site-packages run every line that starts with "import" at
 * every interpreter start-up. Legitimate ones add paths, or import one hook
 * (coverage, editable installs, namespace packages, setuptools' distutils
 * shim). YARA does not see file names, so the rule matches the content shape
 * of a .pth: an "import" line that goes on, after a semicolon, to decode,
 * download or run something, in a file with no def/class blocks. The runner
 * knows the file name and raises it for a real .pth.
 */

rule pth_import_line_payload
{
    meta:
        id = "8eb83c4f-8f7c-4746-b87c-e13fec294906"
        description = "Detects a .pth-shaped import line that decodes, downloads or runs a payload (base64/zlib/marshal, urllib/requests, subprocess/os.system, sockets)"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution,command-execution"
        techniques = "code-obfuscation"
        attack_vector = "import-time"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 70

    strings:
        // an import line (at the start of the file or of a line) that goes on
        // after a semicolon to one of the payload tokens, on the same line
        $line = /(^|\n)import [^\n;]{1,300};[^\n]{0,3000}(b64decode|b32decode|b85decode|base64|zlib|marshal|codecs\.decode|fromhex|urlopen|urllib|requests\.(get|post)|subprocess|os\.system|os\.popen|Popen|socket\.socket|exec\(\s*compile)/
        // module bodies: a .pth never has them
        $def = /\n(async )?def /
        $class = "\nclass "

    condition:
        filesize < 2MB and $line and not $def and not $class
}
