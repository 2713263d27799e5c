import type { TimeZone } from '../parsing/time-zone';
import { localDateOf } from './read-zone';

/**
 * Nutrients as the `health` package names them in a NUTRITION meal (`NutritionHealthValue.toJson()`
 * keys), each with the data type that carries it alone and the unit both are read in. iOS reads a
 * meal's calories in kcal, water in mL and everything else in grams; the DIETARY_* types come in
 * kcal and grams and WATER in liters, so a meal's water is divided by 1,000.
 */
export const NUTRIENTS: readonly { key: string; sampleType: string | null; unit: string; mealScale?: number }[] = [
  { key: 'calories', sampleType: 'DIETARY_ENERGY_CONSUMED', unit: 'KILOCALORIE' },
  { key: 'protein', sampleType: 'DIETARY_PROTEIN_CONSUMED', unit: 'GRAM' },
  { key: 'carbs', sampleType: 'DIETARY_CARBS_CONSUMED', unit: 'GRAM' },
  { key: 'fat', sampleType: 'DIETARY_FATS_CONSUMED', unit: 'GRAM' },
  { key: 'caffeine', sampleType: 'DIETARY_CAFFEINE', unit: 'GRAM' },
  { key: 'vitamin_a', sampleType: 'DIETARY_VITAMIN_A', unit: 'GRAM' },
  { key: 'b1_thiamine', sampleType: 'DIETARY_THIAMIN', unit: 'GRAM' },
  { key: 'b2_riboflavin', sampleType: 'DIETARY_RIBOFLAVIN', unit: 'GRAM' },
  { key: 'b3_niacin', sampleType: 'DIETARY_NIACIN', unit: 'GRAM' },
  { key: 'b5_pantothenic_acid', sampleType: 'DIETARY_PANTOTHENIC_ACID', unit: 'GRAM' },
  { key: 'b6_pyridoxine', sampleType: 'DIETARY_VITAMIN_B6', unit: 'GRAM' },
  { key: 'b7_biotin', sampleType: 'DIETARY_BIOTIN', unit: 'GRAM' },
  { key: 'b9_folate', sampleType: 'DIETARY_FOLATE', unit: 'GRAM' },
  { key: 'b12_cobalamin', sampleType: 'DIETARY_VITAMIN_B12', unit: 'GRAM' },
  { key: 'vitamin_c', sampleType: 'DIETARY_VITAMIN_C', unit: 'GRAM' },
  { key: 'vitamin_d', sampleType: 'DIETARY_VITAMIN_D', unit: 'GRAM' },
  { key: 'vitamin_e', sampleType: 'DIETARY_VITAMIN_E', unit: 'GRAM' },
  { key: 'vitamin_k', sampleType: 'DIETARY_VITAMIN_K', unit: 'GRAM' },
  { key: 'calcium', sampleType: 'DIETARY_CALCIUM', unit: 'GRAM' },
  { key: 'chloride', sampleType: 'DIETARY_CHLORIDE', unit: 'GRAM' },
  { key: 'cholesterol', sampleType: 'DIETARY_CHOLESTEROL', unit: 'GRAM' },
  { key: 'choline', sampleType: null, unit: 'GRAM' },
  { key: 'chromium', sampleType: 'DIETARY_CHROMIUM', unit: 'GRAM' },
  { key: 'copper', sampleType: 'DIETARY_COPPER', unit: 'GRAM' },
  { key: 'fat_unsaturated', sampleType: null, unit: 'GRAM' },
  { key: 'fat_monounsaturated', sampleType: 'DIETARY_FAT_MONOUNSATURATED', unit: 'GRAM' },
  { key: 'fat_polyunsaturated', sampleType: 'DIETARY_FAT_POLYUNSATURATED', unit: 'GRAM' },
  { key: 'fat_saturated', sampleType: 'DIETARY_FAT_SATURATED', unit: 'GRAM' },
  { key: 'fat_trans_monoenoic', sampleType: null, unit: 'GRAM' },
  { key: 'fiber', sampleType: 'DIETARY_FIBER', unit: 'GRAM' },
  { key: 'iodine', sampleType: 'DIETARY_IODINE', unit: 'GRAM' },
  { key: 'iron', sampleType: 'DIETARY_IRON', unit: 'GRAM' },
  { key: 'magnesium', sampleType: 'DIETARY_MAGNESIUM', unit: 'GRAM' },
  { key: 'manganese', sampleType: 'DIETARY_MANGANESE', unit: 'GRAM' },
  { key: 'molybdenum', sampleType: 'DIETARY_MOLYBDENUM', unit: 'GRAM' },
  { key: 'phosphorus', sampleType: 'DIETARY_PHOSPHORUS', unit: 'GRAM' },
  { key: 'potassium', sampleType: 'DIETARY_POTASSIUM', unit: 'GRAM' },
  { key: 'selenium', sampleType: 'DIETARY_SELENIUM', unit: 'GRAM' },
  { key: 'sodium', sampleType: 'DIETARY_SODIUM', unit: 'GRAM' },
  { key: 'sugar', sampleType: 'DIETARY_SUGAR', unit: 'GRAM' },
  { key: 'water', sampleType: 'WATER', unit: 'LITER', mealScale: 1 / 1000 },
  { key: 'zinc', sampleType: 'DIETARY_ZINC', unit: 'GRAM' },
];

const BY_TYPE = new Map(NUTRIENTS.filter((n) => n.sampleType).map((n) => [n.sampleType as string, n]));
/** The types a nutrition read looks at: meals and every nutrient's own type. */
export const NUTRITION_TYPES: readonly string[] = ['NUTRITION', ...BY_TYPE.keys()];

/** A NUTRITION meal or a DIETARY_* / WATER sample, as read. */
export interface NutritionRow {
  id: string;
  uuid: string;
  sampleType: string;
  startTime: Date;
  endTime: Date;
  sourceId: string;
  sourceName: string;
  precedence: number;
  value: number | null;
  valueDetail: Record<string, unknown> | null;
}

export interface NutrientTotal {
  nutrient: string;
  sampleType: string | null;
  unit: string;
  total: number;
}

export interface Meal {
  id: string;
  uuid: string;
  startTime: Date;
  endTime: Date;
  name: string | null;
  mealType: string | null;
  energyKcal: number | null;
  sourceId: string;
  sourceName: string;
  /** Every nutrient the meal holds, in the units of NUTRIENTS. */
  nutrients: Record<string, number>;
}

export interface NutritionDay {
  date: string;
  totals: NutrientTotal[];
  meals: Meal[];
}

interface Contribution {
  nutrient: string;
  amount: number;
  row: NutritionRow;
  meal: boolean;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const textOf = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

function mealNutrients(detail: Record<string, unknown> | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of NUTRIENTS) {
    const v = detail?.[n.key];
    if (finite(v)) out[n.key] = v * (n.mealScale ?? 1);
  }
  return out;
}

const rankKey = (r: NutritionRow) => [r.precedence, BigInt(r.sourceId)] as const;
const better = (a: NutritionRow, b: NutritionRow) => {
  const [pa, sa] = rankKey(a);
  const [pb, sb] = rankKey(b);
  return pa < pb || (pa === pb && sa < sb);
};

/**
 * Days of nutrition from meals and nutrient samples, in the zone asked for (a row belongs to the
 * local date of its start). Two rules keep a meal from counting twice:
 * 1. Arriving both ways: HealthKit stores a meal as a food correlation of DIETARY_* samples, and the
 *    package sends it as a NUTRITION meal as well as each sample. A DIETARY_* (or WATER) sample of the
 *    same source and the very same interval as a NUTRITION meal holding that nutrient is the meal's
 *    own part and is left out; the meal counts it.
 * 2. Across sources, as for every reading: per nutrient and minute (of the start) only the
 *    best-ranked source's entries count, so a food app's meal copied by another app counts once.
 * Pure: the raw rows are not changed.
 */
export function nutritionDays(rows: readonly NutritionRow[], zone: TimeZone): NutritionDay[] {
  const meals = rows.filter((r) => r.sampleType === 'NUTRITION');
  const mealParts = new Set<string>();
  const contributions: Contribution[] = [];
  const nutrientsOf = new Map<NutritionRow, Record<string, number>>();
  for (const meal of meals) {
    const nutrients = mealNutrients(meal.valueDetail);
    nutrientsOf.set(meal, nutrients);
    for (const [nutrient, amount] of Object.entries(nutrients)) {
      contributions.push({ nutrient, amount, row: meal, meal: true });
      mealParts.add(partKey(meal, nutrient));
    }
  }
  for (const r of rows) {
    const n = BY_TYPE.get(r.sampleType);
    if (!n || !finite(r.value) || mealParts.has(partKey(r, n.key))) continue;
    contributions.push({ nutrient: n.key, amount: r.value, row: r, meal: false });
  }
  // Rule 2: the best-ranked source per nutrient and start minute.
  const winners = new Map<string, NutritionRow>();
  const minuteKey = (c: Contribution) => `${c.nutrient}|${Math.floor(c.row.startTime.getTime() / 60_000)}`;
  for (const c of contributions) {
    const best = winners.get(minuteKey(c));
    if (!best || better(c.row, best)) winners.set(minuteKey(c), c.row);
  }
  const counted = contributions.filter((c) => winners.get(minuteKey(c))?.sourceId === c.row.sourceId);

  const days = new Map<string, { totals: Map<string, number>; meals: Meal[] }>();
  const dayOf = (r: NutritionRow) => {
    const date = localDateOf(r.startTime, zone);
    let day = days.get(date);
    if (!day) days.set(date, (day = { totals: new Map(), meals: [] }));
    return day;
  };
  for (const c of counted) {
    const totals = dayOf(c.row).totals;
    totals.set(c.nutrient, (totals.get(c.nutrient) ?? 0) + c.amount);
  }
  const countedMeals = new Set(counted.filter((c) => c.meal).map((c) => c.row));
  for (const meal of meals) {
    const nutrients = nutrientsOf.get(meal) ?? {};
    // A meal whose every nutrient lost to a better-ranked source's copy is that copy: not listed again.
    if (Object.keys(nutrients).length > 0 && !countedMeals.has(meal)) continue;
    const d = meal.valueDetail;
    dayOf(meal).meals.push({
      id: meal.id,
      uuid: meal.uuid,
      startTime: meal.startTime,
      endTime: meal.endTime,
      name: textOf(d?.name),
      mealType: textOf(d?.meal_type ?? d?.mealType),
      energyKcal: nutrients.calories ?? null,
      sourceId: meal.sourceId,
      sourceName: meal.sourceName,
      nutrients,
    });
  }
  const order = new Map(NUTRIENTS.map((n, i) => [n.key, i]));
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, day]) => ({
      date,
      totals: [...day.totals.entries()]
        .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
        .map(([nutrient, total]) => {
          const n = NUTRIENTS[order.get(nutrient) ?? 0];
          return { nutrient, sampleType: n.sampleType, unit: n.unit, total: Math.round(total * 1e9) / 1e9 };
        }),
      meals: day.meals.sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || (a.id < b.id ? -1 : 1)),
    }));
}

function partKey(r: NutritionRow, nutrient: string): string {
  return `${r.sourceId}|${r.startTime.getTime()}|${r.endTime.getTime()}|${nutrient}`;
}
