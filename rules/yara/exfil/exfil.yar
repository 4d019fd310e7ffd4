/*
 * Exfiltration channels hard-coded with their credentials: a Discord webhook
 * (id + token) or a Telegram bot token used with a send method. Libraries that
 * wrap these APIs take the URL/token as a parameter; a literal, live-shaped
 * credential in shipped code is a drop box.
 */

rule discord_webhook_url
{
    meta:
        id = "847fd5a0-258d-4d2c-a34f-fead1609a027"
        description = "Detects a hard-coded Discord webhook URL with its numeric id and token, a common exfiltration drop"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing"
        techniques = ""
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        signal = "exfil-destination"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 60

    strings:
        $hook = /discord(app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,80}/
        $hook_b64 = "discord.com/api/webhooks/" base64

    condition:
        filesize < 8MB and any of them
}

rule telegram_bot_exfil
{
    meta:
        id = "023073ad-91ba-4476-b5c3-480219f4fc5c"
        description = "Detects a hard-coded Telegram bot token used with the Bot API send methods (sendMessage, sendDocument, sendPhoto)"
        author = "antivenom"
        date = "2026-11-25"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "information-stealing"
        techniques = ""
        severity = "WARNING"
        confidence = "MEDIUM"
        kind = "mention"
        signal = "exfil-destination"
        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "MEDIUM"
        impact = "HIGH"
        score = 55

    strings:
        $api = "api.telegram.org/bot"
        // <bot id>:<35-character secret>; issued secrets start with "AA"
        $token = /[0-9]{8,10}:AA[A-Za-z0-9_-]{33}/
        $send1 = "sendDocument"
        $send2 = "sendMessage"
        $send3 = "sendPhoto"
        $send4 = "sendAudio"

    condition:
        filesize < 8MB and $api and $token and any of ($send*)
}
