print("fnsim")
