/*
 * Corroborating signals: weak alone (INFO/LOW), they lift an install/import-time
 * action in the same file to `malicious` through the corroboration table
 * (runner/antivenom/data/corroboration.yaml). Each names its `signal`.
 */

rule encoded_endpoint
{
    meta:
        id = "5d0f5a8e-2f7c-4f0e-9b7e-6a1d3c2b9e41"
        description = "Detects a URL hidden as base64, hex, rot13 or reversed text, or assembled from string pieces or chr() codes"
        author = "antivenom"
        date = "2026-11-29"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing"
        techniques = "code-obfuscation"
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        signal = "encoded-endpoint"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 10

    strings:
        $b64_https = "https://" base64
        $b64_http = "http://" base64
        $hex_https = "68747470733a2f2f" nocase
        $hex_http = "687474703a2f2f" nocase
        $rot13 = /uggcf?:\/\//
        $reversed = /\/\/:s?ptth/
        $pieces1 = /["']ht["'] ?\+ ?["']tps?:/
        $pieces2 = /["']htt["'] ?\+ ?["']ps?:\//
        $pieces3 = /["']http["'] ?\+ ?["']s?:\/\//
        $pieces4 = /["']https?:["'] ?\+ ?["']\/\//
        $chr_http = /chr\(\s*104\s*\)\s*\+\s*chr\(\s*116\s*\)\s*\+\s*chr\(\s*116\s*\)/
        $bytes_http = /\[\s*104\s*,\s*116\s*,\s*116\s*,\s*112\s*,/

    condition:
        filesize < 4MB and any of them
}

rule decoded_endpoint
{
    meta:
        id = "3f6b2d1e-8a47-4c59-b0d2-71e9c4a5f803"
        description = "Detects a URL that is the whole of a layer the peel decoded (a chr-code list, a shifted or XORed string, hex): an endpoint hidden by encoding. Kept only on decoded layers (runner/antivenom/derived.py), never on a package's own file"
        author = "antivenom"
        date = "2026-11-29"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing"
        techniques = "code-obfuscation"
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        signal = "encoded-endpoint"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 10

    strings:
        $http = "http://" nocase
        $https = "https://" nocase
        $ws = "ws://" nocase
        $wss = "wss://" nocase
        $ftp = "ftp://" nocase

    condition:
        filesize < 4096 and ($http at 0 or $https at 0 or $ws at 0 or $wss at 0 or $ftp at 0)
}

rule oob_destination_domain
{
    meta:
        id = "9b3e1c7a-64d2-4c1b-8f3e-2e7d5a9c0b17"
        description = "Detects out-of-band interaction, request-capture, IP-logger and tunnel domains, apex or subdomain, anywhere in a file"
        author = "antivenom"
        date = "2026-11-29"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing"
        techniques = ""
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        signal = "oob-destination"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 10

    strings:
        $oob = /[^a-z0-9-](oastify\.com|burpcollaborator\.[a-z]{2,4}|oast\.[a-z]{2,6}|interact\.sh|interactsh\.[a-z]{2,4}|ceye\.io|dnslog\.[a-z]{2,4}|dnshook\.site|requestbin\.[a-z]{2,4}|pipedream\.net|webhook\.site|canarytokens\.(com|org)|beeceptor\.com|requestcatcher\.com|hookbin\.com|ngrok(-free)?\.(io|app|dev)|trycloudflare\.com|serveo\.net|localtunnel\.me|loca\.lt|bxss\.me|xss\.ht|0wn\.sh|requestrepo\.com|postb\.in|ptsv[23]\.com|webhook\.cool|iplogger\.(org|com|ru|co|info)|grabify\.link|2no\.co|yip\.su|iplis\.ru)/ nocase

    condition:
        filesize < 8MB and $oob
}

rule payload_host_url
{
    meta:
        id = "5d0c2f8e-3a71-4b6e-9c2d-7f1e8a4b6c39"
        description = "Detects raw-paste and file-sharing URLs (pastebin raw, paste.ee, rentry, transfer.sh, Discord-CDN executables) in any text, decoded layers included"
        author = "antivenom"
        date = "2026-11-29"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "unauthorized-file-operation"
        techniques = "external-payload"
        severity = "INFO"
        confidence = "LOW"
        kind = "mention"
        signal = "payload-host"
        category = "security"
        cwe = "CWE-494: Download of Code Without Integrity Check"
        likelihood = "LOW"
        impact = "MEDIUM"
        score = 10

    strings:
        // The Semgrep rule paste-site-payload wants a quoted URL in Python; a shell command decoded
        // from hex or base64 (a `.bin` layer only YARA reads) names it bare.
        $paste = /https?:\/\/(pastebin\.com\/raw|paste\.ee\/r\/|hastebin\.com\/raw|rentry\.(co|org)\/[\w-]+\/raw|ghostbin\.\w+\/[\w\/-]+\/raw|textbin\.net\/raw|pastie\.io\/raw|dpaste\.(com|org)\/[\w-]+\/raw)/ nocase
        $share = /https?:\/\/(transfer\.sh|anonfiles\.com|gofile\.io\/d|bashupload\.com|temp\.sh)\/[\w.\/?=&%-]{3,}/ nocase
        $discord = /https?:\/\/(cdn|media)\.discordapp\.(com|net)\/attachments\/[^\s"']{1,200}\.(exe|scr|bat|cmd|ps1|vbs|dll|msi|hta)/ nocase

    condition:
        filesize < 8MB and any of them
}
