/*
 * Output of public Python obfuscators. Each tool leaves a banner and, more
 * durably, a fixed shape in the code it emits; the rules key on those shapes
 * so that stripping the banner comment is not enough. Readable open-source
 * packages have no reason to ship any of these (PyArmor, a commercial
 * protector, is the exception: MEDIUM).
 */

rule pyarmor_protected_code
{
    meta:
        id = "69e3b9ac-9495-4f0a-a5ed-38c6a37fcd15"
        description = "Detects PyArmor-protected code: the __pyarmor__ bootstrap call with its PYARMOR/PY<serial> blob, or the PyArmor runtime"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "code-obfuscation,packed-binary"
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 55

    strings:
        // PyArmor 8+: b'PY<6-digit serial>\x00...'; PyArmor 6/7: b'\x50\x59\x41\x52\x4d\x4f\x52' ("PYARMOR")
        $call = /__pyarmor__\(__name__,\s*__file__,\s*b['"](PY[0-9]{6}|\\x50\\x59\\x41\\x52\\x4d\\x4f\\x52|PYARMOR)/
        $rt1 = /from\s+\.?pyarmor_runtime(_[0-9]{6})?(\.pyarmor_runtime)?\s+import\s+__pyarmor__/
        $rt2 = /from\s+\.?pytransform\s+import\s+pyarmor_runtime/
        $bin = "PyInit_pyarmor_runtime"
        $bin2 = "PyInit__pytransform"

    condition:
        filesize < 32MB and
        ($call or $rt1 or $rt2 or
         ((uint16(0) == 0x5A4D or uint32(0) == 0x464C457F or
           uint32(0) == 0xFEEDFACE or uint32(0) == 0xFEEDFACF or uint32be(0) == 0xCAFEBABE) and
          any of ($bin*)))
}

// BlankOBF, Hyperion, pyobfuscate and Kramer output is the loader that runs the hidden code (an
// action, not a mention): these obfuscators are made for stealers and ship in no benign package.
rule blankobf_obfuscated_code
{
    meta:
        id = "1d949642-3167-473c-b0bd-f6218d9ca746"
        description = "Detects BlankOBF output: underscore-named aliases of eval built from hex/octal escapes, or the BlankOBF banner"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "code-obfuscation"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $banner1 = "Obfuscated with BlankOBF"
        $banner2 = "github.com/Blank-c/BlankOBF"
        // _____=eval("\x65\x76\141\154")  -- "eval" spelled in mixed escapes
        $body = /_{3,}\s*=\s*eval\("(\\x[0-9a-fA-F]{2}|\\[0-7]{3}){4,}"\)/

    condition:
        filesize < 16MB and any of them
}

rule hyperion_obfuscated_code
{
    meta:
        id = "8981bdcc-bde2-45fc-9253-ddcf4b591bac"
        description = "Detects Hyperion obfuscator output: exec/str/tuple/map/ord/globals aliased in one assignment, math.prod alias, or the Hyperion banner"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "code-obfuscation"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $banner1 = /__obfuscator__\s*=\s*['"]Hyperion['"]/
        $banner2 = "billythegoat356/Hyperion"
        $alias = /=\s*exec,\s*str,\s*tuple,\s*map,\s*ord,\s*globals/
        $prod = /from math import prod as \w+/
        $sourcery = "sourcery skip: collection-to-bool, remove-redundant-boolean, remove-redundant-except-handler"

    condition:
        filesize < 16MB and
        (any of ($banner*) or $alias or ($prod and $sourcery))
}

rule pyobfuscate_obfuscated_code
{
    meta:
        id = "9bf076ea-8abd-4353-9f1b-ad680c92a0cc"
        description = "Detects pyobfuscate.com output: the pyobfuscate sentinel variable or the pyobfuscate.com key markers"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "code-obfuscation"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $var = /\bpyobfuscate\s*=\s*(""|''|\(lambda)/
        $key = "(https://pyobfuscate.com)*("
        $site = "\"https://pyobfuscate.com\")"

    condition:
        filesize < 16MB and any of them
}

rule kramer_obfuscated_code
{
    meta:
        id = "8a944763-b6a9-44d7-8b71-0ae2f5cbe87c"
        description = "Detects Kramer/Berserker obfuscator output: an underscore name bound to eval(getattr(__import__(bytes([...]))))"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "code-obfuscation"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "action"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 80

    strings:
        $body = /_{1,16}\s*=\s*eval\(getattr\(__import__\(bytes\(\[/
        $banner = "billythegoat356/Kramer"

    condition:
        filesize < 16MB and any of them
}

rule builtin_repr_name_obfuscation
{
    meta:
        id = "11adfa94-5e08-47fd-b3c3-2999542f9253"
        description = "Detects builtin names spelled by indexing the repr of other builtins (oct.__str__()[-3 << 0] + hex.__str__()[...]) to hide chr/exec"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = "code-obfuscation,sandbox-escape"
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 80

    strings:
        $getattr = /getattr\(__builtins__,\s*(oct|hex|bin|copyright|credits|license|chr|ord|abs|id)\.__str__\(\)\[/
        $idx = /\b(oct|hex|bin|copyright|credits|license|chr|ord|abs|id)\.__str__\(\)\[-?\(?[0-9]+ *(<<|>>)/

    condition:
        filesize < 16MB and ($getattr or #idx >= 3)
}
