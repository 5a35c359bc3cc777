print("SAEBenchmark")
