"""What hubread keeps on disk: the cache, the library, atomic files and the home that holds them."""
