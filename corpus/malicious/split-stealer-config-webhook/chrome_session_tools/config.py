# Defanged corpus sample: the drop webhook kept apart from the code that uses it (fake id/token).
WEBHOOK = "https://discord.com/api/webhooks/000000000000000000/DEFANGED_example_token_not_real_0000000000000000000000"
