#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates data/stores/supercenter.json, the sample store definition (docs/STORE_FORMAT.md).

A 150 m x 100 m supercenter (15,000 m2) on a rectangular grid:

    y=100 +-----------------------------------------------------------------+
          | stockroom GM       | stockroom grocery      | cold stockroom    |
    y=88  +-----------------------------------------------------------------+
          | home | electronics | office | deli | meat & seafood | dairy | frozen |
    y=70  +-----------------------------------------------------------------+
          | back aisle west    | back aisle centre      | back aisle east   |
    y=64  +-----------------------------------------------------------------+
          | garden | H&B  | kids  | toys    | aisle 14 ... aisle 01 | produce |
          | centre |------|-------|---------|  (5 m wide, 46 m long) |         |
          |seasonal|womens| mens  | sports  |                       |         |
    y=18  +-----------------------------------------------------------------+
          | main aisle west    | main aisle centre      | main aisle east   |
    y=12  +-----------------------------------------------------------------+
          |garden|pharmacy|cust.|   checkout lanes   | self | main |bakery |
          |entr. |        |serv.|                    | chk. | entr.|       |
    y=0   +-----------------------------------------------------------------+
          x=0                                                          x=150

Zones that share a wall of at least 2 m are linked, except along the long sides of the grocery
aisles (shelving, not a walkway). Walking distance is the Manhattan distance between centres.

Deterministic: a fixed seed and only random.Random.random(), whose sequence Python keeps stable
across versions. Rerunning gives identical bytes. Standard library only.

    python3 scripts/generate_sample_store.py [--output data/stores/supercenter.json]
"""

import argparse
import json
import random
from decimal import Decimal
from pathlib import Path

SEED = 20240601
REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "data" / "stores" / "supercenter.json"
MIN_SHARED_WALL_M = 2.0

# (id, name, type, x0, y0, x1, y1) in metres from the south-west corner.
ZONES = [
    # Front band: entrances, services and checkouts.
    ("garden_entrance", "Garden centre entrance", "entrance", 0, 0, 10, 12),
    ("pharmacy", "Pharmacy", "service", 10, 0, 28, 12),
    ("customer_service", "Customer service", "service", 28, 0, 40, 12),
    ("checkout_front", "Checkout lanes", "checkout", 40, 0, 100, 12),
    ("self_checkout", "Self-checkout", "checkout", 100, 0, 112, 12),
    ("entrance", "Main entrance", "entrance", 112, 0, 124, 12),
    ("bakery", "Bakery", "department", 124, 0, 150, 12),
    # Action alley along the front.
    ("main_aisle_west", "Main aisle (west)", "aisle", 0, 12, 50, 18),
    ("main_aisle_centre", "Main aisle (centre)", "aisle", 50, 12, 100, 18),
    ("main_aisle_east", "Main aisle (east)", "aisle", 100, 12, 150, 18),
    # Sales floor: general merchandise to the west, grocery aisles and produce to the east.
    ("garden_centre", "Garden centre", "department", 0, 18, 20, 46),
    ("seasonal", "Seasonal", "department", 0, 46, 20, 64),
    ("health_beauty", "Health & beauty", "department", 20, 18, 36, 41),
    ("apparel_womens", "Women's apparel", "department", 20, 41, 36, 64),
    ("apparel_kids", "Kids' apparel", "department", 36, 18, 51, 41),
    ("apparel_mens", "Men's apparel", "department", 36, 41, 51, 64),
    ("toys", "Toys", "department", 51, 18, 66, 41),
    ("sporting_goods", "Sporting goods", "department", 51, 41, 66, 64),
    ("produce", "Produce", "department", 136, 18, 150, 64),
    # Back aisle.
    ("back_aisle_west", "Back aisle (west)", "aisle", 0, 64, 50, 70),
    ("back_aisle_centre", "Back aisle (centre)", "aisle", 50, 64, 100, 70),
    ("back_aisle_east", "Back aisle (east)", "aisle", 100, 64, 150, 70),
    # Back wall: GM to the west, fresh and frozen to the east.
    ("home", "Home", "department", 0, 70, 28, 88),
    ("electronics", "Electronics", "department", 28, 70, 52, 88),
    ("office_school", "Office & school", "department", 52, 70, 70, 88),
    ("deli", "Deli", "department", 70, 70, 90, 88),
    ("meat_seafood", "Meat & seafood", "department", 90, 70, 110, 88),
    ("dairy", "Dairy", "department", 110, 70, 128, 88),
    ("frozen", "Frozen foods", "department", 128, 70, 150, 88),
    # Stockrooms behind the sales floor.
    ("stockroom_gm", "Stockroom (general merchandise)", "stockroom", 0, 88, 60, 100),
    ("stockroom_grocery", "Stockroom (grocery)", "stockroom", 60, 88, 120, 100),
    ("stockroom_cold", "Cold storage", "stockroom", 120, 88, 150, 100),
]

# Grocery aisles, 5 m wide, numbered from the produce side westwards.
AISLES = [
    "Cereal & breakfast", "Snacks & crackers", "Water & sports drinks", "Soda & juice",
    "Canned goods & soup", "Pasta, rice & sauces", "Baking & spices", "Coffee & tea",
    "International foods", "Candy & cookies", "Household cleaning", "Paper goods & laundry",
    "Pet supplies", "Baby care",
]
AISLE_X_EAST = 136
AISLE_WIDTH_M = 5
AISLE_Y = (18, 64)

# (id, name, zones, skills, margin range, typical shelf capacity)
DEPARTMENTS = [
    ("front_end", "Front end", ["checkout_front", "self_checkout"],
     ["cashier", "self_checkout_host"], None, None),
    ("customer_service", "Customer service", ["customer_service", "entrance"],
     ["customer_service", "returns"], None, None),
    ("produce", "Produce", ["produce"], ["fresh_food"], (0.35, 0.45), 120),
    ("bakery", "Bakery", ["bakery"], ["baking", "food_safety"], (0.38, 0.45), 40),
    ("deli", "Deli", ["deli"], ["food_safety", "slicer_certified"], (0.35, 0.45), 30),
    ("meat_seafood", "Meat & seafood", ["meat_seafood"], ["butchery", "food_safety"],
     (0.25, 0.35), 36),
    ("dairy", "Dairy", ["dairy"], ["cold_chain"], (0.20, 0.30), 60),
    ("frozen", "Frozen foods", ["frozen"], ["cold_chain"], (0.25, 0.35), 48),
    ("grocery", "Grocery", [f"aisle_{n:02d}" for n in range(1, 11)], ["stocking"],
     (0.22, 0.35), 72),
    ("household", "Household", ["aisle_11", "aisle_12"], ["stocking"], (0.22, 0.32), 48),
    ("pet", "Pet", ["aisle_13"], ["stocking"], (0.25, 0.38), 30),
    ("baby", "Baby", ["aisle_14"], ["stocking"], (0.20, 0.30), 36),
    ("pharmacy", "Pharmacy", ["pharmacy"], ["pharmacist", "pharmacy_technician"],
     (0.30, 0.45), 48),
    ("health_beauty", "Health & beauty", ["health_beauty"], ["beauty_advisor"], (0.30, 0.45), 36),
    ("electronics", "Electronics", ["electronics"], ["tech_support", "sales"], (0.20, 0.28), 8),
    ("toys", "Toys", ["toys"], ["sales"], (0.30, 0.42), 12),
    ("apparel", "Apparel", ["apparel_womens", "apparel_mens", "apparel_kids"],
     ["sales", "fitting_room"], (0.38, 0.45), 24),
    ("home", "Home", ["home"], ["sales"], (0.35, 0.45), 16),
    ("sporting_goods", "Sporting goods", ["sporting_goods"], ["sales"], (0.30, 0.40), 10),
    ("seasonal", "Seasonal", ["seasonal"], ["merchandising"], (0.40, 0.45), 24),
    ("garden_centre", "Garden centre", ["garden_centre", "garden_entrance"],
     ["plant_care", "cashier"], (0.35, 0.45), 20),
    ("office_school", "Office & school", ["office_school"], ["sales"], (0.30, 0.42), 40),
    ("receiving", "Receiving", ["stockroom_gm", "stockroom_grocery", "stockroom_cold"],
     ["forklift", "receiving"], None, None),
]

# Departments whose everyday items also come as the store's own value brand.
VALUE_BRAND = "Everyday Value"
VALUE_BRAND_DEPARTMENTS = {"dairy", "frozen", "grocery", "household", "pet", "baby", "pharmacy",
                           "health_beauty"}

# (id, name, department, home zone, items as "name|price")
CATEGORIES = [
    ("fruit", "Fruit", "produce", "produce", [
        "Bananas 1 kg|1.29", "Gala apples 1.5 kg bag|4.49", "Navel oranges 2 kg bag|5.99",
        "Strawberries 454 g|3.99", "Blueberries 312 g|4.49", "Seedless red grapes 1 kg|4.99",
        "Avocados each|1.19"]),
    ("vegetables", "Vegetables", "produce", "produce", [
        "Russet potatoes 2.3 kg bag|4.29", "Yellow onions 1.4 kg bag|2.99", "Carrots 907 g|1.49",
        "Broccoli crowns 1 kg|3.29", "Jalapeño peppers 250 g|1.19", "Sweet potatoes 1 kg|2.49"]),
    ("salad_herbs", "Salad & herbs", "produce", "produce", [
        "Romaine hearts 3 pack|3.49", "Spring mix 142 g|3.99", "Baby spinach 283 g|3.79",
        "Fresh basil 21 g|1.99", "Caesar salad kit 298 g|3.98"]),
    ("bread", "Bread", "bakery", "bakery", [
        "White sandwich bread 567 g|1.48", "Whole wheat bread 567 g|2.28",
        "French baguette|1.98", "Sourdough loaf 680 g|3.98", "Hamburger buns 8 pack|1.68",
        "Bagels plain 6 pack|2.98"]),
    ("cakes_pastries", "Cakes & pastries", "bakery", "bakery", [
        "Chocolate cake 8 inch|14.98", "Blueberry muffins 4 pack|4.98",
        "Glazed donuts 12 pack|6.48", "Butter croissants 6 pack|4.98",
        "Apple pie 24 oz|6.98"]),
    ("deli_meats_cheese", "Deli meats & cheese", "deli", "deli", [
        "Sliced oven-roasted turkey 454 g|7.98", "Black forest ham 454 g|6.98",
        "Genoa salami 227 g|5.48", "Sliced provolone 454 g|6.48",
        "Sliced Swiss cheese 227 g|4.98"]),
    ("prepared_meals", "Prepared meals", "deli", "deli", [
        "Rotisserie chicken|4.98", "Chicken tenders 8 piece|8.98",
        "Macaroni and cheese 907 g|6.98", "Potato salad 907 g|4.98", "Sushi California roll|6.48",
        "Large cheese pizza|8.98"]),
    ("beef_pork", "Beef & pork", "meat_seafood", "meat_seafood", [
        "Ground beef 80/20 1 lb|4.97", "Ribeye steak 1 lb|12.97", "Pork loin chops 1.5 lb|6.47",
        "Bacon 454 g|5.97", "Beef stew meat 1 lb|6.27"]),
    ("poultry", "Poultry", "meat_seafood", "meat_seafood", [
        "Boneless chicken breast 1.5 kg|11.97", "Chicken thighs 1 kg|5.47",
        "Whole chicken 2 kg|7.97", "Ground turkey 1 lb|4.47", "Chicken wings 1.3 kg|9.97"]),
    ("seafood", "Seafood", "meat_seafood", "meat_seafood", [
        "Atlantic salmon fillet 1 lb|9.97", "Raw shrimp 16/20 907 g|12.97",
        "Tilapia fillets 907 g|8.47", "Cod fillets 454 g|7.97"]),
    ("milk_cream", "Milk & cream", "dairy", "dairy", [
        "Whole milk 3.78 L|3.48", "2% milk 3.78 L|3.38", "Oat milk 1.89 L|3.98",
        "Heavy whipping cream 473 mL|3.28", "Crème fraîche 200 mL|3.98"]),
    ("cheese", "Cheese", "dairy", "dairy", [
        "Sharp cheddar block 227 g|2.48", "Shredded mozzarella 454 g|3.98",
        "Cream cheese 227 g|1.98", "Parmesan wedge 198 g|5.48", "String cheese 12 pack|4.98"]),
    ("yogurt", "Yogurt", "dairy", "dairy", [
        "Greek yogurt plain 907 g|4.98", "Strawberry yogurt 4 pack|2.98",
        "Vanilla yogurt 907 g|3.28", "Kids yogurt tubes 8 pack|2.98"]),
    ("eggs_butter", "Eggs & butter", "dairy", "dairy", [
        "Large eggs 12 pack|2.98", "Large eggs 18 pack|4.28", "Salted butter 454 g|4.48",
        "Unsalted butter 454 g|4.48", "Margarine spread 425 g|2.48"]),
    ("frozen_meals", "Frozen meals", "frozen", "frozen", [
        "Pepperoni pizza 12 inch|5.98", "Chicken pot pie 283 g|2.48",
        "Lasagna family size 1.2 kg|9.98", "Burritos bean and cheese 8 pack|4.98",
        "Chicken nuggets 907 g|7.48"]),
    ("ice_cream", "Ice cream", "frozen", "frozen", [
        "Vanilla ice cream 1.5 L|3.98", "Chocolate ice cream 1.5 L|3.98",
        "Ice cream sandwiches 12 pack|4.48", "Fruit popsicles 24 pack|5.48"]),
    ("frozen_vegetables", "Frozen vegetables", "frozen", "frozen", [
        "Frozen peas 907 g|2.18", "Frozen mixed vegetables 907 g|2.18",
        "French fries 1.36 kg|3.48", "Frozen broccoli florets 680 g|2.28"]),
    ("cereal_breakfast", "Cereal & breakfast", "grocery", "aisle_01", [
        "Honey nut oat cereal 510 g|4.48", "Corn flakes 510 g|3.78",
        "Old-fashioned oats 1.19 kg|4.28",
        "Granola bars 12 pack|3.98", "Pancake mix 907 g|2.98", "Maple syrup 354 mL|7.48"]),
    ("snacks_crackers", "Snacks & crackers", "grocery", "aisle_02", [
        "Potato chips classic 227 g|3.98", "Tortilla chips 370 g|3.48", "Pretzels 454 g|2.98",
        "Cheddar crackers 198 g|2.78", "Microwave popcorn 6 pack|3.98",
        "Mixed nuts 454 g|7.98"]),
    ("water_sports_drinks", "Water & sports drinks", "grocery", "aisle_03", [
        "Spring water 24 x 500 mL|3.98", "Sparkling water 8 x 355 mL|4.48",
        "Sports drink lemon-lime 8 pack|5.98", "Electrolyte water 1 L|1.78"]),
    ("soda_juice", "Soda & juice", "grocery", "aisle_04", [
        "Cola 12 x 355 mL|6.48", "Diet cola 2 L|2.28", "Lemon-lime soda 2 L|2.28",
        "Orange juice 1.54 L|3.98", "Apple juice 1.89 L|2.98",
        "Cranberry juice cocktail 1.89 L|3.48"]),
    ("canned_soup", "Canned goods & soup", "grocery", "aisle_05", [
        "Chicken noodle soup 305 g|1.28", "Tomato soup 305 g|0.98", "Black beans 439 g|0.88",
        "Diced tomatoes 411 g|0.98", "Chunk light tuna 142 g|1.08", "Sweet corn 432 g|0.78"]),
    ("pasta_rice_sauces", "Pasta, rice & sauces", "grocery", "aisle_06", [
        "Spaghetti 454 g|1.28", "Penne rigate 454 g|1.28", "Long grain white rice 2.27 kg|3.98",
        "Marinara sauce 680 g|2.48", "Alfredo sauce 425 g|2.98",
        "Macaroni and cheese dinner 206 g|1.08"]),
    ("baking_spices", "Baking & spices", "grocery", "aisle_07", [
        "All-purpose flour 2.27 kg|2.98", "Granulated sugar 1.81 kg|3.28",
        "Chocolate chips 340 g|2.98", "Vanilla extract 59 mL|4.98",
        "Ground black pepper 85 g|2.48", "Canola oil 1.42 L|3.98"]),
    ("coffee_tea", "Coffee & tea", "grocery", "aisle_08", [
        "Ground coffee medium roast 872 g|9.98", "Coffee pods 24 count|13.98",
        "Whole bean coffee 340 g|7.98", "Black tea 100 bags|4.48", "Green tea 40 bags|3.28"]),
    ("international", "International foods", "grocery", "aisle_09", [
        "Soy sauce 444 mL|2.48", "Taco shells 12 pack|1.98", "Salsa medium 454 g|2.78",
        "Coconut milk 400 mL|1.68", "Ramen noodles 12 pack|3.48", "Basmati rice 907 g|3.98"]),
    ("candy_cookies", "Candy & cookies", "grocery", "aisle_10", [
        "Chocolate sandwich cookies 377 g|3.98", "Chocolate chip cookies 368 g|3.48",
        "Milk chocolate bar 43 g|1.28", "Gummy bears 340 g|2.98",
        "Peanut butter cups 6 pack|4.98"]),
    ("cleaning", "Cleaning supplies", "household", "aisle_11", [
        "All-purpose cleaner 946 mL|3.48", "Disinfecting wipes 75 count|4.98",
        "Dish soap 1.1 L|3.28", "Dishwasher pods 48 count|11.98", "Bleach 2.4 L|3.98",
        "Glass cleaner 680 mL|2.98"]),
    ("laundry", "Laundry", "household", "aisle_12", [
        "Laundry detergent 2.95 L|11.98", "Laundry pods 42 count|12.98",
        "Fabric softener 1.53 L|5.98", "Dryer sheets 160 count|6.48"]),
    ("paper_goods", "Paper goods", "household", "aisle_12", [
        "Toilet paper 12 double rolls|10.98", "Paper towels 6 rolls|9.98",
        "Facial tissues 4 boxes|5.98", "Paper plates 100 count|4.98", "Trash bags 50 count|8.98"]),
    ("dog_supplies", "Dog supplies", "pet", "aisle_13", [
        "Dry dog food chicken 7.2 kg|21.98", "Wet dog food 12 cans|12.98",
        "Dog treats 680 g|6.98", "Rope chew toy|4.98", "Poop bags 120 count|5.48"]),
    ("cat_supplies", "Cat supplies", "pet", "aisle_13", [
        "Dry cat food salmon 3.2 kg|12.98", "Wet cat food 24 cans|14.98",
        "Clumping cat litter 11.3 kg|11.48", "Cat treats 85 g|2.98"]),
    ("diapers_wipes", "Diapers & wipes", "baby", "aisle_14", [
        "Diapers size 3 84 count|26.97", "Diapers size 5 66 count|26.97",
        "Baby wipes 3 x 80 count|7.97", "Diaper rash cream 113 g|6.48"]),
    ("baby_food", "Baby food & formula", "baby", "aisle_14", [
        "Infant formula 877 g|29.98", "Baby food purees 4 pack|4.48",
        "Baby cereal oatmeal 227 g|2.98",
        "Toddler puffs 42 g|2.48"]),
    ("otc_medicine", "Over-the-counter medicine", "pharmacy", "pharmacy", [
        "Ibuprofen 200 mg 100 tablets|7.88", "Acetaminophen 500 mg 100 caplets|6.88",
        "Allergy relief 24 hour 30 tablets|14.88", "Cough syrup 236 mL|8.48",
        "Antacid chewables 96 count|5.98"]),
    ("vitamins", "Vitamins & supplements", "pharmacy", "pharmacy", [
        "Multivitamin adult 200 tablets|10.98", "Vitamin D3 1000 IU 300 softgels|7.98",
        "Fish oil 1000 mg 150 softgels|8.98", "Vitamin C 500 mg 100 tablets|4.98"]),
    ("cosmetics", "Cosmetics", "health_beauty", "health_beauty", [
        "Mascara black|7.98", "Liquid foundation 30 mL|9.98", "Lipstick matte red|6.48",
        "Nail polish 15 mL|3.98", "Makeup remover wipes 25 count|4.48"]),
    ("hair_care", "Hair care", "health_beauty", "health_beauty", [
        "Shampoo 739 mL|5.98", "Conditioner 739 mL|5.98", "Hair spray 283 g|4.48",
        "Dry shampoo 150 g|6.98"]),
    ("oral_care", "Oral care", "health_beauty", "health_beauty", [
        "Whitening toothpaste 2 x 113 g|5.98", "Electric toothbrush|24.97",
        "Mouthwash 1 L|5.48", "Dental floss 50 m|2.48"]),
    ("skin_care", "Skin care", "health_beauty", "health_beauty", [
        "Body lotion 600 mL|7.98", "Sunscreen SPF 50 236 mL|9.98", "Facial cleanser 236 mL|8.48",
        "Lip balm 3 pack|3.48"]),
    ("tv_video", "TV & video", "electronics", "electronics", [
        "55\" 4K UHD smart TV|398.00", "43\" Full HD smart TV|228.00",
        "65\" 4K UHD smart TV|548.00", "Soundbar 2.1 channel|128.00",
        "Streaming media stick|39.98"]),
    ("computers_tablets", "Computers & tablets", "electronics", "electronics", [
        "14\" laptop 8 GB RAM|449.00", "10\" tablet 64 GB|149.00", "Wireless mouse|14.98",
        "USB flash drive 128 GB|12.98", "Inkjet printer all-in-one|79.00"]),
    ("phones_accessories", "Phones & accessories", "electronics", "electronics", [
        "Prepaid smartphone 128 GB|179.00", "USB-C charging cable 2 m|9.98",
        "Wall charger 20 W|14.98", "Phone case clear|12.98",
        "Portable power bank 10000 mAh|24.98"]),
    ("audio", "Audio", "electronics", "electronics", [
        "Wireless earbuds|49.98", "Over-ear headphones|79.00", "Bluetooth speaker|34.98",
        "Smart speaker|49.00"]),
    ("video_games", "Video games", "electronics", "electronics", [
        "Game console|299.00", "Wireless controller|59.98", "Racing game|49.98",
        "Gaming headset|39.98"]),
    ("toys_games", "Toys & games", "toys", "toys", [
        "Building bricks set 500 pieces|39.97", "Fashion doll|9.97",
        "Board game family edition|19.97",
        "Remote control car|29.97", "Jigsaw puzzle 1000 pieces|12.97", "Plush bear 30 cm|14.97"]),
    ("outdoor_play", "Outdoor play", "toys", "toys", [
        "Kids bike 16 inch|89.00", "Water blaster|12.97", "Sidewalk chalk 24 pack|4.97",
        "Playground ball|3.97"]),
    ("womens_clothing", "Women's clothing", "apparel", "apparel_womens", [
        "Women's skinny jeans|19.98", "Women's crew neck T-shirt|7.98", "Women's leggings|11.98",
        "Women's cardigan|18.98", "Women's running shoes|29.98"]),
    ("mens_clothing", "Men's clothing", "apparel", "apparel_mens", [
        "Men's straight jeans|19.98", "Men's polo shirt|12.98", "Men's crew socks 6 pack|9.98",
        "Men's hoodie|16.98", "Men's work boots|44.98"]),
    ("kids_clothing", "Kids' clothing", "apparel", "apparel_kids", [
        "Kids' graphic T-shirt|5.98", "Kids' jeans|12.98", "Kids' pajama set|9.98",
        "Kids' sneakers|19.98", "Kids' rain jacket|16.98"]),
    ("kitchen_dining", "Kitchen & dining", "home", "home", [
        "Nonstick frying pan 30 cm|19.97", "Dinnerware set 16 piece|39.97",
        "Coffee maker 12 cup|29.97", "Chef's knife 20 cm|14.97",
        "Food storage containers 10 pack|12.97"]),
    ("bedding_bath", "Bedding & bath", "home", "home", [
        "Queen sheet set|24.97", "Bath towel 2 pack|12.97", "Memory foam pillow|19.97",
        "Shower curtain|9.97", "Throw blanket|14.97"]),
    ("home_decor", "Home decor", "home", "home", [
        "Picture frame 8 x 10|6.97", "Scented candle 411 g|9.97", "Table lamp|24.97",
        "Area rug 1.5 x 2.1 m|49.97"]),
    ("storage_organisation", "Storage & organisation", "home", "home", [
        "Storage tote 68 L|9.97", "Clothes hangers 50 pack|11.97", "Drawer organiser set|8.97",
        "Shoe rack 3 tier|17.97"]),
    ("fitness", "Fitness", "sporting_goods", "sporting_goods", [
        "Yoga mat 6 mm|14.97", "Dumbbell set 9 kg|39.97", "Resistance bands set|12.97",
        "Insulated water bottle 946 mL|19.97"]),
    ("camping", "Camping", "sporting_goods", "sporting_goods", [
        "Dome tent 4 person|59.97", "Sleeping bag|29.97", "Camping chair|14.97",
        "LED lantern|12.97", "Cooler 45 L|34.97"]),
    ("bikes", "Bikes", "sporting_goods", "sporting_goods", [
        "Mountain bike 26 inch|198.00", "Bike helmet adult|24.97", "Bike lock cable|12.97"]),
    ("seasonal_decor", "Seasonal decor", "seasonal", "seasonal", [
        "String lights 100 count|9.97", "Artificial wreath 61 cm|24.97", "Outdoor inflatable|39.97",
        "Gift wrap 3 rolls|7.97"]),
    ("party_supplies", "Party supplies", "seasonal", "seasonal", [
        "Balloons 25 pack|3.97", "Birthday candles 24 count|1.97", "Party plates 40 count|4.97",
        "Table cover 2.7 m|2.97"]),
    ("plants", "Plants", "garden_centre", "garden_centre", [
        "Potted mums 20 cm|7.98", "Tomato plant 1 gal|4.98", "Succulent assortment 10 cm|3.98",
        "Hanging basket petunias|14.98", "Potting soil 28 L|6.98"]),
    ("garden_tools", "Garden tools", "garden_centre", "garden_centre", [
        "Garden hose 15 m|19.97", "Hand trowel|6.97", "Pruning shears|12.97",
        "Lawn fertiliser 6.8 kg|24.97"]),
    ("outdoor_furniture", "Outdoor furniture", "garden_centre", "garden_centre", [
        "Patio chair stackable|19.97", "Patio umbrella 2.7 m|49.97",
        "Outdoor bistro set 3 piece|129.00", "Charcoal grill 56 cm|89.00"]),
    ("school_supplies", "School supplies", "office_school", "office_school", [
        "Spiral notebooks 5 pack|4.97", "Pencils 24 pack|2.97", "Backpack|19.97",
        "Crayons 24 count|1.97", "Scientific calculator|14.97"]),
    ("office_supplies", "Office supplies", "office_school", "office_school", [
        "Copy paper 500 sheets|6.97", "Ballpoint pens 12 pack|3.97", "Stapler|7.97",
        "Sticky notes 12 pads|6.97", "File folders 100 count|9.97"]),
]

LANES = (
    [{"id": f"L{n:02d}", "zone": "checkout_front", "kind": "staffed", "stations": 1}
     for n in range(1, 9)]
    + [{"id": f"L{n:02d}", "zone": "checkout_front", "kind": "express", "stations": 1,
        "max_items": 15} for n in range(9, 13)]
    + [{"id": "SCO1", "zone": "self_checkout", "kind": "self_checkout", "stations": 10}]
)

OPENING_HOURS = {day: {"open": "06:00", "close": "23:00"}
                 for day in ("mon", "tue", "wed", "thu", "fri", "sat")}
OPENING_HOURS["sun"] = {"open": "08:00", "close": "22:00"}


def all_zones():
    zones = list(ZONES)
    for index, name in enumerate(AISLES):
        x1 = AISLE_X_EAST - index * AISLE_WIDTH_M
        zones.append((f"aisle_{index + 1:02d}", f"Aisle {index + 1}: {name}", "aisle",
                      x1 - AISLE_WIDTH_M, AISLE_Y[0], x1, AISLE_Y[1]))
    return zones


def centre(zone):
    _, _, _, x0, y0, x1, y1 = zone
    return ((x0 + x1) / 2, (y0 + y1) / 2)


def shared_wall(a, b):
    """(length, orientation) of the wall two rectangles share; length 0 when they don't touch."""
    _, _, _, ax0, ay0, ax1, ay1 = a
    _, _, _, bx0, by0, bx1, by1 = b
    if ax1 == bx0 or bx1 == ax0:
        return max(0, min(ay1, by1) - max(ay0, by0)), "vertical"
    if ay1 == by0 or by1 == ay0:
        return max(0, min(ax1, bx1) - max(ax0, bx0)), "horizontal"
    return 0, None


def is_gondola_aisle(zone):
    return zone[0].startswith("aisle_")


def adjacency(zones):
    links = []
    for i, a in enumerate(zones):
        for b in zones[i + 1:]:
            length, orientation = shared_wall(a, b)
            if length < MIN_SHARED_WALL_M:
                continue
            # Shelving runs along a grocery aisle's long sides; shoppers enter only at its ends.
            if orientation == "vertical" and (is_gondola_aisle(a) or is_gondola_aisle(b)):
                continue
            (ax, ay), (bx, by) = centre(a), centre(b)
            links.append({"from": a[0], "to": b[0],
                          "distance_m": round(abs(ax - bx) + abs(ay - by), 1)})
    return links


def check_floor_plan(zones):
    total = sum((x1 - x0) * (y1 - y0) for _, _, _, x0, y0, x1, y1 in zones)
    assert total == 150 * 100, f"zones cover {total} m2, expected the whole 15,000 m2 floor"
    for i, a in enumerate(zones):
        for b in zones[i + 1:]:
            overlap_x = min(a[5], b[5]) - max(a[3], b[3])
            overlap_y = min(a[6], b[6]) - max(a[4], b[4])
            assert overlap_x <= 0 or overlap_y <= 0, f"{a[0]} overlaps {b[0]}"


def check_reachable(zones, links):
    neighbours = {zone[0]: set() for zone in zones}
    for link in links:
        neighbours[link["from"]].add(link["to"])
        neighbours[link["to"]].add(link["from"])
    seen = {zone[0] for zone in zones if zone[2] == "entrance"}
    frontier = list(seen)
    while frontier:
        for nxt in neighbours[frontier.pop()] - seen:
            seen.add(nxt)
            frontier.append(nxt)
    missing = [zone[0] for zone in zones if zone[0] not in seen]
    assert not missing, f"unreachable zones: {missing}"


def zone_json(zone):
    zone_id, name, zone_type, x0, y0, x1, y1 = zone
    cx, cy = centre(zone)
    return {
        "id": zone_id,
        "name": name,
        "type": zone_type,
        # Counter-clockwise from the south-west corner; floats so the file matches what
        # WriteStoreJson produces (it always writes coordinates as decimals).
        "polygon": [[float(x0), float(y0)], [float(x1), float(y0)], [float(x1), float(y1)],
                    [float(x0), float(y1)]],
        "centre": [float(cx), float(cy)],
        "area_m2": float((x1 - x0) * (y1 - y0)),
    }


def uniform(rng, low, high):
    return low + (high - low) * rng.random()


def skus(rng):
    departments = {d[0]: d for d in DEPARTMENTS}
    department_numbers = {d[0]: n for n, d in enumerate(DEPARTMENTS, start=1)}
    next_item = {d[0]: 101 for d in DEPARTMENTS}
    out = []

    def add(name, price_cents, department_id, category_id, home_zone):
        _, _, _, _, margin_range, typical_capacity = departments[department_id]
        margin = uniform(rng, *margin_range)
        cost_cents = int(price_cents * (1 - margin) + 0.5)
        capacity = max(2, int(typical_capacity * uniform(rng, 0.6, 1.5)))
        if price_cents >= 10000:
            capacity = max(2, capacity // 3)  # big-ticket items: a few on display, rest in back
        number = department_numbers[department_id]
        sku_id = f"{number:02d}{next_item[department_id]:05d}"
        next_item[department_id] += 1
        out.append({
            "id": sku_id,
            "name": name,
            "category": category_id,
            "price": price_cents / 100,
            "unit_cost": cost_cents / 100,
            "shelf_capacity": capacity,
            "home_zone": home_zone,
        })

    for category_id, _, department_id, home_zone, items in CATEGORIES:
        for item in items:
            name, price = item.split("|")
            price_cents = int(Decimal(price) * 100)
            add(name, price_cents, department_id, category_id, home_zone)
            if department_id in VALUE_BRAND_DEPARTMENTS and rng.random() < 0.4:
                value_cents = int(price_cents * uniform(rng, 0.70, 0.85) + 0.5)
                add(f"{VALUE_BRAND} {name[0].lower()}{name[1:]}", value_cents, department_id,
                    category_id, home_zone)
    return out


def build_store():
    rng = random.Random(SEED)
    zones = all_zones()
    check_floor_plan(zones)
    links = adjacency(zones)
    check_reachable(zones, links)
    zone_ids = {zone[0] for zone in zones}
    for _, _, department_zones, _, _, _ in DEPARTMENTS:
        assert set(department_zones) <= zone_ids, department_zones
    return {
        "id": "store_001",
        "name": "StoreOps Supercenter #001",
        "timezone": "America/Chicago",
        "opening_hours": OPENING_HOURS,
        "zones": [zone_json(zone) for zone in zones],
        "adjacency": links,
        "departments": [{"id": d[0], "name": d[1], "zones": d[2], "skills": d[3]}
                        for d in DEPARTMENTS],
        "categories": [{"id": c[0], "name": c[1], "department": c[2]} for c in CATEGORIES],
        "skus": skus(rng),
        "lanes": LANES,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    store = build_store()
    text = json.dumps(store, indent=2, ensure_ascii=False) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(text.encode("utf-8"))
    area = sum(zone["area_m2"] for zone in store["zones"])
    print(f"wrote {args.output}: {len(store['zones'])} zones ({area:,.0f} m2), "
          f"{len(store['adjacency'])} links, {len(store['departments'])} departments, "
          f"{len(store['categories'])} categories, {len(store['skus'])} SKUs, "
          f"{len(store['lanes'])} lanes")


if __name__ == "__main__":
    main()
