PALETTE = {'red': 31, 'green': 32}
