#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fits the simulator's basket model (data/sim/basket_model.json) from real basket data.

Usage: scripts/fit_basket_model.py [--data ../shared/data/baskets] [--store data/stores/supercenter.json]
                                   [--out data/sim/basket_model.json]

Reads groceries.csv (9,835 real grocery baskets, Hahsler et al. 2006; one basket per line), maps each
of its 169 product groups onto the store's category ids with the MAPPING table below, and writes:
  - categories: share of baskets holding each category (support), fitted where the data has it;
  - pairs: lift P(a,b) / (P(a) P(b)) for category pairs seen together in at least 20 baskets;
  - basket_size: the distribution of distinct store categories per basket (1..max).
General-merchandise categories that a grocery outlet does not sell get an assumed support
(ASSUMED_SUPPORT, marked "fitted": false). Standard library only; the raw data is never copied.
"""
import argparse
import collections
import itertools
import json
import os
import sys

# groceries.csv product group -> store category id. Groups that the sample store does not sell
# (alcohol, newspapers, shopping bags, tobacco-like items, photo film) map to None and are dropped.
MAPPING = {
    "whole milk": "milk_cream", "UHT-milk": "milk_cream", "butter milk": "milk_cream",
    "condensed milk": "milk_cream", "whipped/sour cream": "milk_cream", "cream": "milk_cream",
    "yogurt": "yogurt", "curd": "yogurt", "dessert": "yogurt", "curd cheese": "cheese",
    "cream cheese": "cheese", "hard cheese": "cheese", "sliced cheese": "cheese",
    "soft cheese": "cheese", "processed cheese": "cheese", "spread cheese": "cheese",
    "specialty cheese": "cheese",
    "domestic eggs": "eggs_butter", "butter": "eggs_butter", "margarine": "eggs_butter",
    "specialty fat": "eggs_butter",
    "other vegetables": "vegetables", "root vegetables": "vegetables", "onions": "vegetables",
    "specialty vegetables": "vegetables", "packaged fruit/vegetables": "vegetables",
    "potato products": "vegetables", "organic products": "vegetables",
    "tropical fruit": "fruit", "citrus fruit": "fruit", "pip fruit": "fruit", "berries": "fruit",
    "grapes": "fruit", "nuts/prunes": "snacks_crackers",
    "herbs": "salad_herbs",
    "rolls/buns": "bread", "brown bread": "bread", "white bread": "bread",
    "semi-finished bread": "bread", "zwieback": "bread",
    "pastry": "cakes_pastries", "waffles": "cakes_pastries", "cake bar": "cakes_pastries",
    "long life bakery product": "cakes_pastries", "roll products": "cakes_pastries",
    "sausage": "deli_meats_cheese", "frankfurter": "deli_meats_cheese", "ham": "deli_meats_cheese",
    "liver loaf": "deli_meats_cheese", "meat spreads": "deli_meats_cheese",
    "organic sausage": "deli_meats_cheese", "finished products": "prepared_meals",
    "Instant food products": "prepared_meals", "ready soups": "canned_soup", "soups": "canned_soup",
    "pork": "beef_pork", "beef": "beef_pork", "hamburger meat": "beef_pork", "meat": "beef_pork",
    "chicken": "poultry", "turkey": "poultry", "frozen chicken": "poultry",
    "fish": "seafood", "canned fish": "seafood",
    "frozen vegetables": "frozen_vegetables", "frozen potato products": "frozen_vegetables",
    "frozen fruits": "frozen_vegetables", "frozen meals": "frozen_meals",
    "frozen fish": "frozen_meals", "ice cream": "ice_cream", "frozen dessert": "ice_cream",
    "cereals": "cereal_breakfast", "sweet spreads": "cereal_breakfast", "jam": "cereal_breakfast",
    "honey": "cereal_breakfast", "syrup": "cereal_breakfast",
    "salty snack": "snacks_crackers", "popcorn": "snacks_crackers", "nut snack": "snacks_crackers",
    "snack products": "snacks_crackers", "tidbits": "snacks_crackers",
    "bottled water": "water_sports_drinks", "soda": "soda_juice",
    "fruit/vegetable juice": "soda_juice", "misc. beverages": "soda_juice",
    "beverages": "soda_juice", "cocoa drinks": "coffee_tea",
    "coffee": "coffee_tea", "instant coffee": "coffee_tea", "tea": "coffee_tea",
    "pasta": "pasta_rice_sauces", "rice": "pasta_rice_sauces", "sauces": "pasta_rice_sauces",
    "ketchup": "pasta_rice_sauces", "mustard": "pasta_rice_sauces",
    "mayonnaise": "pasta_rice_sauces", "salad dressing": "pasta_rice_sauces",
    "canned vegetables": "pasta_rice_sauces", "canned fruit": "pasta_rice_sauces",
    "pickled vegetables": "international", "vinegar": "baking_spices", "oil": "baking_spices",
    "sugar": "baking_spices", "flour": "baking_spices", "baking powder": "baking_spices",
    "salt": "baking_spices", "spices": "baking_spices", "pudding powder": "baking_spices",
    "cooking chocolate": "baking_spices", "artif. sweetener": "baking_spices",
    "preservation products": "baking_spices",
    "chocolate": "candy_cookies", "specialty chocolate": "candy_cookies", "candy": "candy_cookies",
    "specialty bar": "candy_cookies", "chewing gum": "candy_cookies",
    "chocolate marshmallow": "candy_cookies",
    "detergent": "laundry", "softener": "laundry", "dish cleaner": "cleaning",
    "cleaner": "cleaning", "abrasive cleaner": "cleaning", "bathroom cleaner": "cleaning",
    "toilet cleaner": "cleaning", "decalcifier": "cleaning", "house keeping products": "cleaning",
    "napkins": "paper_goods", "kitchen towels": "paper_goods", "cling film/bags": "paper_goods",
    "hygiene articles": "paper_goods", "female sanitary products": "paper_goods",
    "cat food": "cat_supplies", "dog food": "dog_supplies", "pet care": "dog_supplies",
    "baby food": "baby_food", "baby cosmetics": "diapers_wipes",
    "dental care": "oral_care", "soap": "skin_care", "skin care": "skin_care",
    "male cosmetics": "cosmetics", "make up remover": "cosmetics", "hair spray": "hair_care",
    "rubbing alcohol": "otc_medicine",
    "dishes": "kitchen_dining", "cookware": "kitchen_dining", "kitchen utensil": "kitchen_dining",
    "candles": "home_decor", "light bulbs": "storage_organisation", "bags": "storage_organisation",
    "pot plants": "plants", "flower (seeds)": "plants", "flower soil/fertilizer": "garden_tools",
    "seasonal products": "seasonal_decor", "sound storage medium": "audio",
    # not sold by the sample store
    "shopping bags": None, "newspapers": None, "bottled beer": None, "canned beer": None,
    "red/blush wine": None, "white wine": None, "liquor": None, "liquor (appetizer)": None,
    "sparkling wine": None, "prosecco": None, "rum": None, "brandy": None, "whisky": None,
    "liqueur": None, "photo/film": None,
}

# Share of supercenter baskets holding a category the grocery data cannot show (general
# merchandise, pharmacy, baby). Assumptions, not fits: a supercenter trip is mostly grocery, and a
# few percent of baskets hold each large general-merchandise department.
ASSUMED_SUPPORT = {
    "vitamins": 0.030, "otc_medicine": 0.040, "diapers_wipes": 0.030,
    "tv_video": 0.004, "computers_tablets": 0.004, "phones_accessories": 0.015, "audio": 0.008,
    "video_games": 0.010, "toys_games": 0.030, "outdoor_play": 0.008,
    "womens_clothing": 0.035, "mens_clothing": 0.025, "kids_clothing": 0.025,
    "bedding_bath": 0.015, "storage_organisation": 0.015, "fitness": 0.008, "camping": 0.005,
    "bikes": 0.002, "party_supplies": 0.015, "outdoor_furniture": 0.003,
    "school_supplies": 0.015, "office_supplies": 0.012, "hair_care": 0.030, "cosmetics": 0.025,
    "oral_care": 0.030, "skin_care": 0.025, "kitchen_dining": 0.020, "home_decor": 0.015,
    "garden_tools": 0.008, "plants": 0.015, "seasonal_decor": 0.015, "baby_food": 0.015,
}
MIN_PAIR_BASKETS = 20
MAX_SIZE = 24


def read_baskets(path):
    baskets = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            items = {x.strip() for x in line.strip().split(",") if x.strip()}
            if items:
                baskets.append(items)
    return baskets


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "baskets"))
    parser.add_argument("--store", default=os.path.join(root, "data", "stores", "supercenter.json"))
    parser.add_argument("--out", default=os.path.join(root, "data", "sim", "basket_model.json"))
    args = parser.parse_args()

    with open(args.store, encoding="utf-8") as f:
        store_categories = [c["id"] for c in json.load(f)["categories"]]
    known = set(store_categories)
    baskets = read_baskets(os.path.join(args.data, "groceries.csv"))
    unmapped = sorted({i for b in baskets for i in b if i not in MAPPING})
    if unmapped:
        sys.exit(f"fit_basket_model: product groups without a mapping: {unmapped}")
    bad = sorted({c for c in list(MAPPING.values()) + list(ASSUMED_SUPPORT) if c and c not in known})
    if bad:
        sys.exit(f"fit_basket_model: mapped to categories the store lacks: {bad}")

    mapped = []
    for b in baskets:
        cats = {MAPPING[i] for i in b if MAPPING[i]}
        if cats:
            mapped.append(cats)
    n = len(mapped)
    single = collections.Counter(c for b in mapped for c in b)
    pair = collections.Counter(p for b in mapped for p in itertools.combinations(sorted(b), 2))
    sizes = collections.Counter(min(len(b), MAX_SIZE) for b in mapped)

    categories = []
    for cid in store_categories:
        if single[cid] >= 10:
            categories.append({"id": cid, "support": round(single[cid] / n, 5), "fitted": True})
        else:
            categories.append({"id": cid, "support": ASSUMED_SUPPORT.get(cid, 0.005),
                               "fitted": False})
    pairs = []
    for (a, b), k in sorted(pair.items()):
        if k < MIN_PAIR_BASKETS:
            continue
        lift = (k / n) / ((single[a] / n) * (single[b] / n))
        pairs.append({"a": a, "b": b, "lift": round(lift, 3)})
    pmf = [0.0] + [round(sizes[s] / n, 5) for s in range(1, MAX_SIZE + 1)]
    mean_size = sum(len(b) for b in mapped) / n

    model = {
        "version": 1,
        "source": "groceries.csv (Hahsler, Hornik, Reutterer 2006): 9,835 real grocery baskets; "
                  "product groups mapped onto store categories by scripts/fit_basket_model.py",
        "baskets": n,
        "dropped_baskets": len(baskets) - n,
        "mean_basket_categories": round(mean_size, 4),
        "categories": categories,
        "pairs": pairs,
        "basket_size": pmf,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        # One list entry per line: small, and diffs of a refit stay readable.
        f.write("{\n")
        keys = list(model)
        for i, key in enumerate(keys):
            value = model[key]
            end = ",\n" if i + 1 < len(keys) else "\n"
            if isinstance(value, list) and value and isinstance(value[0], dict):
                rows = ",\n  ".join(json.dumps(v, separators=(",", ":")) for v in value)
                f.write(f' "{key}": [\n  {rows}\n ]{end}')
            else:
                f.write(f" {json.dumps(key)}: {json.dumps(value)}{end}")
        f.write("}\n")
    print(f"fit_basket_model: {n} baskets, mean {mean_size:.2f} categories, "
          f"{len(pairs)} pairs, {sum(c['fitted'] for c in categories)} fitted categories -> {args.out}")


if __name__ == "__main__":
    main()
