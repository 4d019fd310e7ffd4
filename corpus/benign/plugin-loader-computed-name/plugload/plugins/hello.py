def run():
    return "hello"
