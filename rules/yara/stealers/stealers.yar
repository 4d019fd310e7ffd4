/*
 * Information-stealer kits: Discord token grabbers, browser password
 * harvesters and crypto-wallet collectors. Each rule asks for the target
 * *and* the act (a token pattern, a decryption key, several wallets), because
 * the bare names (Local State, Cookies, a wallet's name) also appear in
 * honest browser-automation and cookie-import code.
 */

rule discord_token_grabber
{
    meta:
        id = "ad242faa-f2d8-44fa-959e-e02e619fbd31"
        description = "Detects Discord token theft: reading Local Storage/leveldb together with a Discord token pattern, the encrypted-token prefix or the users/@me check"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing"
        techniques = ""
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 90

    strings:
        $ldb1 = /Local Storage[\\\/]{1,2}leveldb/
        $ldb2 = /Local Storage['"]\s*,\s*['"]leveldb/
        // the token regexes as written in source, the encrypted-token prefix,
        // and the token validation endpoint
        $tok1 = "[\\w-]{24}\\.[\\w-]{6}\\."
        $tok2 = "[\\w-]{24,26}\\.[\\w-]{6}\\."
        $tok3 = "mfa\\.[\\w-]{"
        $tok4 = "[a-zA-Z0-9_-]{24}\\.[a-zA-Z0-9_-]{6}\\."
        $tok5 = "dQw4w9WgXcQ:"
        $tok6 = /discord(app)?\.com\/api\/v[0-9]{1,2}\/users\/@me/

    condition:
        filesize < 8MB and any of ($ldb*) and any of ($tok*)
}

rule browser_password_harvest
{
    meta:
        id = "3d31f9ec-771e-452f-b35d-b749ea724bc5"
        description = "Detects Chromium password theft: the Login Data database's password_value column read together with the Local State key decryption (CryptUnprotectData / encrypted_key)"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing"
        techniques = ""
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $db = "Login Data"
        $col = "password_value"
        $key1 = "CryptUnprotectData"
        $key2 = "encrypted_key"
        $key3 = "os_crypt"

    condition:
        filesize < 8MB and $db and $col and any of ($key*)
}

rule crypto_wallet_harvest
{
    meta:
        id = "67d90b93-1bc5-49e3-a8f4-dfc9d1936486"
        description = "Detects crypto-wallet theft: three or more wallet data locations (Exodus, Electrum, Atomic, MetaMask and other extension IDs) named in one file"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing,unauthorized-file-operation"
        techniques = ""
        severity = "ERROR"
        confidence = "HIGH"
        kind = "mention"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "HIGH"
        impact = "HIGH"
        score = 85

    strings:
        $w1 = "exodus.wallet" nocase
        $w2 = /Electrum[\\\/]{1,2}wallets/ nocase
        $w3 = /atomic[\\\/]{1,2}Local Storage/ nocase
        $w4 = "com.liberty.jaxx" nocase
        $w5 = /Coinomi[\\\/]{1,2}Coinomi/ nocase
        $w6 = /Ethereum[\\\/]{1,2}keystore/ nocase
        $w7 = /Armory[\\\/'"]/
        $w8 = /Zcash[\\\/'"]/
        $w9 = /Guarda[\\\/'"]/
        // browser-extension wallets, by Chrome Web Store ID
        $x1 = "nkbihfbeogaeaoehlefnkodbefgpgknn"   // MetaMask
        $x2 = "fhbohimaelbohpjbbldcngcnapndodjp"   // Binance Wallet
        $x3 = "bfnaelmomeimhlpmgjnjophhpkkoljpa"   // Phantom
        $x4 = "hnfanknocfeofbddgcijnmhnfnkdnaad"   // Coinbase Wallet
        $x5 = "ibnejdfjmmkpcnlpebklmnkoeoihofec"   // TronLink
        $x6 = "ejbalbakoplchlghecdalmeeeajnimhm"   // MetaMask (Edge)

    condition:
        filesize < 8MB and 3 of them
}
